/**
 * Outputs on a page: a notebook cell's outputs as Voilà puts them in the page, and the Output widget.
 *
 * The kernel is the server's own, running the kit's notebooks, so its outputs are trusted as JupyterLab
 * trusts a notebook it ran: HTML is shown as HTML and JavaScript runs (the app keeps the page's address and
 * scrolls with it: model/greencoop/workshop/address.py, page.py). What a participant types reaches the page
 * only as widget values, never as output.
 */
import { DOMWidgetModel, DOMWidgetView } from '@jupyter-widgets/base';

/** The module name ipywidgets gives its Output widget. */
export const OUTPUT_MODULE = '@jupyter-widgets/output';
const OUTPUT_VERSION = '1.0.0';
const WIDGET_VIEW = 'application/vnd.jupyter.widget-view+json';

/** The richest of an output's representations this page draws, in this order. */
const SHOWN = [WIDGET_VIEW, 'application/javascript', 'text/html', 'image/svg+xml', 'image/png', 'image/jpeg',
  'text/plain'];

/** Draw one output (a notebook output: display data, a result, a stream or an error) at the end of `node`. */
export async function renderOutput(output, node, manager) {
  if (output.output_type === 'stream') {
    node.append(text(output.text, `gc-output-stream gc-output-${output.name}`));
    return;
  }
  if (output.output_type === 'error') {
    node.append(text(`${output.ename}: ${output.evalue}`, 'gc-output-error'));
    return;
  }
  const data = output.data || {};
  const kind = SHOWN.find(type => type in data);
  const value = data[kind];
  if (kind === WIDGET_VIEW) {
    const place = document.createElement('div');
    node.append(place);
    await manager.show(value.model_id, place);
  } else if (kind === 'application/javascript') {
    new Function('element', value)(node); // eslint-disable-line no-new-func
  } else if (kind === 'text/html' || kind === 'image/svg+xml') {
    const place = document.createElement('div');
    place.innerHTML = value;
    node.append(place);
  } else if (kind === 'image/png' || kind === 'image/jpeg') {
    const image = document.createElement('img');
    image.src = `data:${kind};base64,${value}`;
    image.alt = data['text/plain'] || '';
    node.append(image);
  } else if (kind === 'text/plain') {
    node.append(text(value, 'gc-output-text'));
  }
}

function text(value, className) {
  const pre = document.createElement('pre');
  pre.className = className;
  pre.textContent = Array.isArray(value) ? value.join('') : value;
  return pre;
}

/**
 * ipywidgets' Output widget. Its outputs come two ways: as its state (what the kernel captured while the
 * page was built), and, while the kernel writes into it (`with output:`), as the iopub outputs of the
 * message the kernel is handling, whose id it puts in `msg_id`. Those the page keeps to itself, as
 * JupyterLab does; so when the page asks for every widget's state again (after a reconnection), the
 * kernel's `outputs` is still what it was when the page was built, and is not taken in place of the newer
 * ones: its scripts would run again (the address would go back to the page's first).
 */
export class OutputModel extends DOMWidgetModel {
  defaults() {
    return {
      ...super.defaults(),
      _model_name: 'OutputModel', _model_module: OUTPUT_MODULE, _model_module_version: OUTPUT_VERSION,
      _view_name: 'OutputView', _view_module: OUTPUT_MODULE, _view_module_version: OUTPUT_VERSION,
      outputs: [], msg_id: '',
    };
  }

  initialize(attributes, options) {
    super.initialize(attributes, options);
    this.kernelOutputs = JSON.stringify(this.get('outputs'));
    this.capturing = '';
    this.clearOnNext = false;
    this.on('change:msg_id', this.capture, this);
    this.capture();
  }

  set_state(state) {
    if ('outputs' in state) {
      const written = JSON.stringify(state.outputs);
      if (written === this.kernelOutputs) {
        state = { ...state };
        delete state.outputs;
      }
      this.kernelOutputs = written;
    }
    super.set_state(state);
  }

  /** Take the outputs of the message now named in `msg_id` (none when it is empty). */
  capture() {
    const hooks = this.widget_manager.kernel.hooks;
    if (this.capturing) {
      hooks.delete(this.capturing);
    }
    this.capturing = this.get('msg_id');
    if (this.capturing) {
      hooks.set(this.capturing, message => this.receive(message));
    }
  }

  receive(message) {
    const kind = message.header.msg_type;
    if (kind === 'clear_output') {
      if (message.content.wait) {
        this.clearOnNext = true;
      } else {
        this.set('outputs', []);
      }
      return;
    }
    if (!['display_data', 'execute_result', 'stream', 'error'].includes(kind)) {
      return;
    }
    const kept = this.clearOnNext ? [] : this.get('outputs');
    this.clearOnNext = false;
    this.set('outputs', [...kept, { output_type: kind, ...message.content }]);
  }
}

export class OutputView extends DOMWidgetView {
  render() {
    this.el.classList.add('jupyter-widgets', 'widget-output');
    this.listenTo(this.model, 'change:outputs', this.draw);
    this.draw();
  }

  draw() {
    this.el.textContent = '';
    for (const output of this.model.get('outputs')) {
      renderOutput(output, this.el, this.model.widget_manager).catch(error => console.error(error));
    }
  }
}
