import { expect } from '@esm-bundle/chai';
import '../../src/define.js';
import { createElement, sleep, SIM_ENDPOINT, threeRequests, waitFor } from './helpers.js';


describe('3D loads only when the avatar is visible', function () {
  this.timeout(40_000);

  it('an element below the fold downloads no three.js until it is scrolled into view', async () => {
    const spacer = document.createElement('div');
    spacer.style.height = '4000px';
    document.body.append(spacer);
    const el = createElement({ endpoint: SIM_ENDPOINT() });
    await el.updateComplete;
    await sleep(1500);
    expect(threeRequests()).to.deep.equal([]);
    el.scrollIntoView();
    await waitFor(() => el.shadowRoot!.querySelector('[part="avatar"] canvas'), 20_000, 'avatar canvas');
    expect(threeRequests().length).to.be.greaterThan(0);
    el.remove();
    spacer.remove();
  });
});
