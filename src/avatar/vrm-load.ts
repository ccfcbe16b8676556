/**
 * Fetches and parses a VRM (0.x or 1.0) with a size limit and progress, then applies three-vrm's clean-ups
 * (fewer vertices in morph targets, one skeleton, VRM 0.x rotated to face the camera).
 */
import type { Object3D } from 'three';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';
import { VRMLoaderPlugin, VRMUtils } from '@pixiv/three-vrm';
import type { VRM } from '@pixiv/three-vrm';

export const DEFAULT_MAX_BYTES = 40 * 1024 * 1024;

export class AvatarLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AvatarLoadError';
  }
}

/** Reads the body with progress, refusing anything over `maxBytes` (checked before and while reading). */
export async function fetchVrmBytes(
  url: string,
  maxBytes: number,
  onProgress?: (loaded: number, total: number | null) => void,
  signal?: AbortSignal,
): Promise<ArrayBuffer> {
  let res: Response;
  try {
    res = await fetch(url, { signal, credentials: 'same-origin' });
  } catch (err) {
    throw new AvatarLoadError(`The avatar ${url} could not be downloaded (${(err as Error)?.message ?? err}).`);
  }
  if (!res.ok) throw new AvatarLoadError(`The avatar ${url} could not be downloaded (HTTP ${res.status}).`);
  const declared = Number(res.headers.get('content-length')) || null;
  const tooBig = () => new AvatarLoadError(`The avatar ${url} is larger than the ${Math.round(maxBytes / 1048576)} MB limit.`);
  if (declared && declared > maxBytes) throw tooBig();
  if (!res.body) return res.arrayBuffer();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    loaded += value.byteLength;
    if (loaded > maxBytes) {
      await reader.cancel();
      throw tooBig();
    }
    chunks.push(value);
    onProgress?.(loaded, declared);
  }
  const out = new Uint8Array(loaded);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out.buffer;
}

export async function parseVrm(bytes: ArrayBuffer, url: string): Promise<VRM> {
  const loader = new GLTFLoader();
  loader.register((parser) => new VRMLoaderPlugin(parser));
  let vrm: VRM | undefined;
  try {
    const gltf = await loader.parseAsync(bytes, new URL('./', url).href);
    vrm = gltf.userData.vrm as VRM | undefined;
  } catch (err) {
    throw new AvatarLoadError(`The avatar ${url} is not a valid glTF/VRM file (${(err as Error)?.message ?? err}).`);
  }
  if (!vrm) throw new AvatarLoadError(`The file ${url} is a glTF model without VRM data (no VRM or VRMC_vrm extension).`);
  if (!vrm.humanoid?.getNormalizedBoneNode('head')) {
    VRMUtils.deepDispose(vrm.scene);
    throw new AvatarLoadError(`The avatar ${url} has no head bone.`);
  }
  VRMUtils.removeUnnecessaryVertices(vrm.scene);
  VRMUtils.combineSkeletons(vrm.scene);
  if (vrm.meta?.metaVersion === '0') VRMUtils.rotateVRM0(vrm);
  // Spring bones and head motion can move meshes outside their static bounds: never cull the avatar.
  vrm.scene.traverse((o: Object3D) => {
    o.frustumCulled = false;
  });
  return vrm;
}
