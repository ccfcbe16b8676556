/**
 * A refused WebSocket handshake and an unreachable host look the same to a page (close 1006, no status).
 * A no-cors fetch to the same host tells them apart: if the host answers at all, the socket was refused
 * (credentials, role, parameters); if it doesn't, it is the network or the endpoint.
 */
export async function probeReachable(wsUrl: string, timeoutMs = 3000): Promise<boolean> {
  let target: string;
  try {
    const u = new URL(wsUrl);
    u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
    target = `${u.origin}/`;
  } catch {
    return false;
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    await fetch(target, { mode: 'no-cors', cache: 'no-store', credentials: 'omit', signal: controller.signal });
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
