/**
 * The page's widget manager: ipywidgets' own model and view code (`@jupyter-widgets/base` and `controls`),
 * wired to the page's kernel connection, with the Output widget of `outputs.js`.
 *
 * On opening, the manager asks the kernel for every widget's state at once (ipywidgets' control comm) and
 * builds the models, then applies the updates the kernel sent meanwhile for widgets it did not have yet; later
 * widgets arrive as the kernel opens their comms (a module's page built when the group switches to it).
 */
import * as base from '@jupyter-widgets/base';
import { ManagerBase } from '@jupyter-widgets/base-manager';
import * as controls from '@jupyter-widgets/controls';
import { Widget } from '@lumino/widgets';

import { OUTPUT_MODULE, OutputModel, OutputView } from './outputs';

/** The widget modules a workshop page uses, by the names the kernel gives them. */
const MODULES = {
  '@jupyter-widgets/base': base,
  '@jupyter-widgets/controls': controls,
  [OUTPUT_MODULE]: { OutputModel, OutputView },
};

export class PageManager extends ManagerBase {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    kernel.onCommOpen = (comm, message) => {
      if (comm.target_name === this.comm_target_name) {
        this.handle_comm_open(comm, message);
      }
    };
  }

  /** Every widget the kernel holds, built from one request, with what the kernel changed meanwhile. */
  async load() {
    this.kernel.holdUnknownComms();
    try {
      await this._loadFromKernel();
    } finally {
      this.kernel.releaseUnknownComms();
    }
  }

  /** Draw the view of the model `modelId` into `node`. */
  async show(modelId, node) {
    const model = await this.get_model(modelId);
    const view = await this.create_view(model);
    Widget.attach(view.luminoWidget, node);
    return view;
  }

  async loadClass(className, moduleName) {
    const found = MODULES[moduleName]?.[className];
    if (!found) {
      throw new Error(`This page has no widget ${moduleName}.${className}`);
    }
    return found;
  }

  async _create_comm(targetName, modelId, data, metadata, buffers) {
    const comm = this.kernel.comm(targetName, modelId);
    if (data !== undefined || metadata !== undefined) {
      comm.open(data ?? {}, undefined, metadata, buffers);
    }
    return comm;
  }

  async _get_comm_info() {
    const reply = await this.kernel.request('comm_info_request', { target_name: this.comm_target_name });
    return reply.content.comms;
  }
}
