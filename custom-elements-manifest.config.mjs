// custom-elements.json from the element's JSDoc (@attr, @fires, @csspart, @cssprop, @slot) and Lit's
// reactive properties. Written to dist/ by `npm run build`; tests check it against the live element.
export default {
  globs: ['src/element/voice-live-avatar.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
};
