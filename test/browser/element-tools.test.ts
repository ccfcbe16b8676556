import { expect } from '@esm-bundle/chai';
import '../../src/define.js';
import { capture, clientEvents, finish, startQuiet, waitFor } from './helpers.js';

describe('function tools', function () {
  this.timeout(40_000);

  it('a tool with a handler is answered automatically and the reply uses its output', async () => {
    const el = await startQuiet({ 'turn-detection': 'none' });
    const seen: unknown[] = [];
    el.tools = [
      {
        name: 'get_exhibit_hours',
        description: 'Opening hours of an exhibit',
        parameters: { type: 'object', properties: { exhibit: { type: 'string' } } },
        handler: (args) => {
          seen.push(args);
          return { hours: 'nine to five' };
        },
      },
    ];
    await waitFor(() => el.effectiveSession?.tools?.length === 1, 5000, 'tools in the session');
    const transcripts = capture(el, 'vla-transcript');
    el.sendText('Please call get_exhibit_hours for me');
    await waitFor(() => transcripts.events.find((t) => t.role === 'assistant' && t.final && /nine to five/.test(t.text)), 20_000, 'reply with the output');
    expect(seen.length).to.equal(1);
    const output = clientEvents(el, 'conversation.item.create').find((e) => (e.item as { type: string }).type === 'function_call_output')!;
    expect((output.item as { output: string }).output).to.equal('{"hours":"nine to five"}');
    // Exactly one follow-up response after the output.
    expect(clientEvents(el, 'response.create').length).to.equal(2);
    await finish(el);
  });

  it('a tool without a handler asks the page through vla-function-call; a throwing handler answers an error', async () => {
    const el = await startQuiet({ 'turn-detection': 'none' });
    el.tools = [{ name: 'check_ticket_stock' }, { name: 'broken_tool', handler: () => { throw new Error('database offline'); } }];
    await waitFor(() => el.effectiveSession?.tools?.length === 2, 5000, 'tools');
    const transcripts = capture(el, 'vla-transcript');
    el.addEventListener('vla-function-call', (e) => {
      expect(e.detail.name).to.equal('check_ticket_stock');
      expect(e.detail.callId).to.be.a('string');
      e.detail.respond('forty two tickets left');
    });
    el.sendText('use check_ticket_stock now');
    await waitFor(() => transcripts.events.find((t) => t.role === 'assistant' && t.final && /forty two/.test(t.text)), 20_000, 'reply');
    const errors = capture(el, 'vla-error');
    el.sendText('try broken_tool please');
    await waitFor(() => errors.events.find((e) => e.code === 'tool'), 20_000, 'tool error');
    expect(errors.events.find((e) => e.code === 'tool')!.message).to.contain('database offline');
    await waitFor(() => clientEvents(el, 'conversation.item.create').some((e) => String((e.item as { output?: string }).output).includes('database offline')), 5000, 'error output');
    await finish(el);
  });
});
