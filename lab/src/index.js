// Starts JupyterLab with the extensions listed in lab/package.json ("jupyterlab" key).
// The page config (disabled and deferred plugins, URLs, token) comes from the page LabServerApp rendered.
import { JupyterLab } from '@jupyterlab/application';
import { PageConfig } from '@jupyterlab/coreutils';
import 'threadlab-generated/style.js';
import { extensions, mimeExtensions } from 'threadlab-generated/extensions.js';

const disabled = [];
const deferred = [];

// The plugins one extension module exports, minus those the page config disables.
function plugins(name, load) {
  let exported;
  try {
    exported = load();
  } catch (error) {
    // one broken extension should not keep the rest of JupyterLab from starting
    console.error(`ThreadLab: extension ${name} did not load`, error);
    return [];
  }
  const value = Object.prototype.hasOwnProperty.call(exported, '__esModule') ? exported.default : exported;
  return (Array.isArray(value) ? value : [value]).filter(plugin => {
    if (PageConfig.Extension.isDisabled(plugin.id)) {
      disabled.push(plugin.id);
      return false;
    }
    if (PageConfig.Extension.isDeferred(plugin.id)) {
      deferred.push(plugin.id);
    }
    return true;
  });
}

async function main() {
  const mime = mimeExtensions.flatMap(([name, load]) => plugins(name, load));
  const regular = extensions.flatMap(([name, load]) => plugins(name, load));
  const lab = new JupyterLab({
    mimeExtensions: mime,
    disabled: { matches: disabled, patterns: PageConfig.Extension.disabled.map(p => p.raw) },
    deferred: { matches: deferred, patterns: PageConfig.Extension.deferred.map(p => p.raw) }
  });
  regular.forEach(plugin => lab.registerPluginModule(plugin));
  await lab.start({ ignorePlugins: deferred });
  if (PageConfig.getOption('exposeAppInBrowser').toLowerCase() === 'true') {
    window.jupyterapp = lab;
  }
}

main().catch(error => console.error('ThreadLab: JupyterLab did not start', error));
