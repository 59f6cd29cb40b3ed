/*
 * JupyterLab names an exporter in File > Save and Export Notebook As by its nbconvert name
 * with a capital letter ("Evidence_html"); the name must be a URL word, so it cannot read
 * "Evidence report (HTML)". This plugin relabels those menu items, and nothing else.
 *
 * Hand-written, without a build step: a module federation container as JupyterLab loads
 * one (window._JUPYTERLAB[name] with init() and get()), whose module exports one plugin
 * that uses only the application object, so it needs no shared package.
 */
(function () {
  "use strict";

  var EXPORT_COMMAND = "notebook:export-to-format";
  var EXPORT_SUBMENU = "jp-mainmenu-file-notebookexport";
  var LABELS = {
    evidence_html: "Evidence report (HTML)",
    evidence_pdf: "Evidence report (PDF)"
  };

  function relabel(menu) {
    menu.items.slice().forEach(function (item, index) {
      var args = item.args || {};
      var label = LABELS[args.format];
      if (item.command !== EXPORT_COMMAND || !label || args.label === label) {
        return;
      }
      var relabelled = Object.assign({}, args, { label: label });
      menu.removeItem(item);
      menu.insertItem(index, { command: EXPORT_COMMAND, args: relabelled });
    });
  }

  function exportMenus(app) {
    var found = [];
    Array.from(app.shell.widgets("menu")).forEach(function (widget) {
      var fileMenu = widget.fileMenu;
      if (!fileMenu) {
        return;
      }
      fileMenu.items.forEach(function (item) {
        if (item.type === "submenu" && item.submenu && item.submenu.id === EXPORT_SUBMENU) {
          found.push(item.submenu);
        }
      });
    });
    return found;
  }

  var plugin = {
    id: "analysis-export-labels:plugin",
    description: "Names the evidence report exporters in the export menu.",
    autoStart: true,
    activate: function (app) {
      function relabelAll() {
        exportMenus(app).forEach(relabel);
      }
      // The exporters' items are added once a notebook opens, after the server lists the
      // formats: relabel before any menu opens, by pointer or by keyboard.
      document.addEventListener("pointerdown", relabelAll, true);
      document.addEventListener("keydown", relabelAll, true);
      app.restored.then(relabelAll);
    }
  };

  var root = (window._JUPYTERLAB = window._JUPYTERLAB || {});
  root["analysis-export-labels"] = {
    init: function () {},
    get: function (module) {
      if (module !== "./extension") {
        return Promise.reject(new Error("analysis-export-labels has no module " + module));
      }
      return Promise.resolve(function () {
        return { __esModule: true, default: plugin };
      });
    }
  };
})();
