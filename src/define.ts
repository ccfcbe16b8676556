/** Side-effect entry: `import 'voice-live-avatar/define'` registers `<voice-live-avatar>`. */
import './element/event-map.js';
import { defineVoiceLiveAvatar } from './define-element.js';

defineVoiceLiveAvatar();

export { VoiceLiveAvatar } from './element/voice-live-avatar.js';
export { defineVoiceLiveAvatar };
