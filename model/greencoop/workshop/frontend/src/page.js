/**
 * The workshop page's front end: what a participant's browser runs once Voilà has sent the page.
 *
 * Voilà's own front end is JupyterLab's application less its panels: about a hundred files, 5 MB of
 * scripts and styles, of which a page of widgets uses a small part. A headless Chromium spent some 2 s of
 * CPU opening a module with it. This front end is the part a page of widgets uses: ipywidgets' models and
 * views, a connection to the page's kernel, and the page's outputs drawn where Voilà put them.
 *
 * Voilà's server is unchanged: it takes a preheated kernel for the page, runs the notebook in it, and sends
 * the page with the kernel's id and each cell's outputs (a widget's output names its model). Here the page
 * connects to that kernel, asks it for every widget's state at once, draws each output in its place, and
 * then takes away the waiting message.
 *
 * The page's body says how it is connected (`data-gc-connection`: `open`, `reconnecting` or `lost`): a page
 * whose socket dropped greys out until the kernel has given it every widget's state again, so what it shows
 * is what the kernel holds (a lever moved in that moment would be set back by the state arriving after it).
 */
import { Kernel, kernelUrls } from './kernel';
import { PageManager } from './manager';
import { renderOutput } from './outputs';
import './page.css';

const CELL_OUTPUT = 'script[type="application/vnd.voila.cell-output+json"]';

/** Replace the waiting message with the page's content. */
function reveal() {
  document.getElementById('loading')?.remove();
  const cells = document.getElementById('rendered_cells');
  if (cells) {
    cells.style.display = '';
  }
}

/** Say on the page's body how it is connected: `open`, `reconnecting` or `lost` (the styles grey it out). */
function showConnection(state) {
  document.body.dataset.gcConnection = state;
}

/** Tell the participant the page has lost its kernel for good, and how to get a new one. */
function sayLost() {
  showConnection('lost');
  if (document.querySelector('.gc-lost')) {
    return;
  }
  const notice = document.createElement('div');
  notice.className = 'gc-lost';
  notice.setAttribute('role', 'alert');
  notice.textContent = window.greencoopWords().lost; // the page's words, in its language now (the template's)
  document.body.prepend(notice);
}

async function main() {
  const config = JSON.parse(document.getElementById('jupyter-config-data').textContent);
  const kernel = new Kernel(kernelUrls(window.location, config.baseUrl, config.kernelId));
  kernel.onLost = sayLost;
  const manager = new PageManager(kernel);
  kernel.onDisconnect = () => showConnection('reconnecting');
  kernel.onReconnect = () => manager.load().catch(error => console.error(error)).then(() => showConnection('open'));
  await kernel.connect();
  await manager.load();
  const drawn = [...document.querySelectorAll(CELL_OUTPUT)].map(script => {
    const place = document.createElement('div');
    place.className = 'gc-cell-output';
    script.replaceWith(place);
    return renderOutput(JSON.parse(script.textContent), place, manager);
  });
  const failed = (await Promise.allSettled(drawn)).filter(result => result.status === 'rejected');
  failed.forEach(result => console.error(result.reason));
  reveal();
  showConnection('open');
}

main().catch(error => {
  console.error(error);
  reveal();
  sayLost();
});
