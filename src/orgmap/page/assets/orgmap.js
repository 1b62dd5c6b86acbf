/*
 * orgmap page script: tooltips, the details panel, search, neighbourhood highlight and
 * the year control, over a vis-network drawing of the embedded data.
 *
 * Curated text reaches the document only through textContent and DOM properties,
 * never as markup, and links are made only from http(s) URLs. vis-network shows a
 * string tooltip as text; ours are elements built here the same way.
 */
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("orgmap-data").textContent);
  const NODE_INFO = DATA.details.nodes;
  const EDGE_INFO = DATA.details.edges;
  const YEARS = DATA.years;
  // One letter per status (in force, possibly, not), as the page's data encodes them.
  const IN_FORCE = DATA.statusLetters.yes;
  const POSSIBLY = DATA.statusLetters.maybe;
  const NOT_IN_FORCE = DATA.statusLetters.no;
  const FADED_NODE = {
    background: "#f0f2f3", border: "#d5d8dc",
    highlight: { background: "#f0f2f3", border: "#aab7b8" },
    hover: { background: "#f0f2f3", border: "#aab7b8" },
  };
  const FADED_EDGE = { color: "#e1e4e6", highlight: "#c9ced2", hover: "#c9ced2", opacity: 1 };
  const UNCERTAIN_OPACITY = 0.3;
  const SOURCES_IN_TOOLTIP = 3;
  // Few passes: enough to pull apart labels drawn on top of each other, not enough to
  // stretch a dense cluster across the page.
  const SEPARATION_PASSES = 10;
  const LAYOUT_TIME_LIMIT = 20000;

  const state = { year: null, grey: false, focus: null };
  const applied = { nodes: {}, edges: {} };
  const baseNode = {};
  const baseEdge = {};
  const edgeStatusLine = {};
  const touching = {};

  // -- small DOM helpers ------------------------------------------------------------

  function el(tag, className, text) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined && text !== null) element.textContent = String(text);
    return element;
  }

  function isHttp(url) {
    return typeof url === "string" && /^https?:\/\/\S+$/i.test(url);
  }

  function link(url, text) {
    if (!isHttp(url)) return el("span", "", text);
    const anchor = el("a", "", text);
    anchor.href = url;
    anchor.rel = "noopener noreferrer";
    anchor.target = "_blank";
    return anchor;
  }

  function shorten(text, limit) {
    return text.length > limit ? text.slice(0, limit - 1) + "…" : text;
  }

  function nameOf(id) {
    const info = NODE_INFO[id];
    if (!info) return id;
    return info.name_zh ? info.name + " (" + info.name_zh + ")" : info.name;
  }

  function roleText(info) {
    return [info.role, info.role_zh].filter(Boolean).join(" / ");
  }

  // -- the year control's answers -----------------------------------------------------

  function yearIndex() {
    return state.year === null ? -1 : state.year - YEARS.first;
  }

  function edgeStatus(id) {
    const index = yearIndex();
    if (index >= 0) return YEARS.edges[id][index];
    return DATA.statusLetters[DATA.status[id]] || IN_FORCE;
  }

  function nodeStatus(id) {
    const index = yearIndex();
    return index >= 0 ? YEARS.nodes[id][index] : IN_FORCE;
  }

  function statusPhrase(id) {
    const status = edgeStatus(id);
    const when = state.year !== null ? "in " + state.year : (DATA.at ? "as of " + DATA.at : "");
    if (!when) return "";
    if (status === IN_FORCE) return "In force " + when + ".";
    if (status === POSSIBLY) return "Possibly in force " + when + " (the dates do not settle it).";
    return "Not in force " + when + ".";
  }

  // -- tooltips -------------------------------------------------------------------------

  function sourceList(sources, withLinks, limit) {
    const list = el("ol", "sources");
    const shown = limit ? sources.slice(0, limit) : sources;
    for (const source of shown) {
      const item = el("li");
      item.appendChild(withLinks ? link(source.url, source.text) : el("span", "", source.text));
      list.appendChild(item);
    }
    if (limit && sources.length > limit) {
      list.appendChild(el("li", "more", "and " + (sources.length - limit) + " more"));
    }
    return list;
  }

  function nodeTooltip(id) {
    const info = NODE_INFO[id];
    const tip = el("div", "tip");
    tip.appendChild(el("strong", "", info.name));
    if (info.name_zh) tip.appendChild(el("div", "zh", info.name_zh));
    tip.appendChild(el("div", "meta", info.kind + " · " + info.category));
    if (info.aliases) tip.appendChild(el("p", "", "Also: " + info.aliases.join("; ")));
    if (info.dates) tip.appendChild(el("p", "", info.dates));
    if (info.description) tip.appendChild(el("p", "", shorten(info.description, 320)));
    if (info.sources) {
      tip.appendChild(el("div", "meta", "Sources"));
      tip.appendChild(sourceList(info.sources, false, SOURCES_IN_TOOLTIP));
    }
    tip.appendChild(el("div", "more", "Click for relations and links."));
    return tip;
  }

  function edgeTooltip(id) {
    const info = EDGE_INFO[id];
    const tip = el("div", "tip");
    tip.appendChild(el("strong", "", nameOf(info.from) + " — " + info.relation + " — " +
      nameOf(info.to)));
    const role = roleText(info);
    if (role) tip.appendChild(el("p", "", role));
    if (info.dates) tip.appendChild(el("p", "", info.dates));
    const line = el("p", "flag", "");
    edgeStatusLine[id] = line;
    tip.appendChild(line);
    if (info.note) tip.appendChild(el("p", "", shorten(info.note, 320)));
    if (info.sources) {
      tip.appendChild(el("div", "meta", "Sources"));
      tip.appendChild(sourceList(info.sources, false, SOURCES_IN_TOOLTIP));
    }
    return tip;
  }

  // -- the network ----------------------------------------------------------------------

  for (const node of DATA.nodes) {
    baseNode[node.id] = { color: node.color, font: node.font };
    node.title = nodeTooltip(node.id);
    touching[node.id] = [];
  }
  for (const edge of DATA.edges) {
    baseEdge[edge.id] = { color: edge.color, font: edge.font || {} };
    edge.title = edgeTooltip(edge.id);
    touching[edge.from].push(edge.id);
    if (edge.to !== edge.from) touching[edge.to].push(edge.id);
  }
  const nodes = new vis.DataSet(DATA.nodes);
  const edges = new vis.DataSet(DATA.edges);
  const container = document.getElementById("network");
  const loading = document.getElementById("loading");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);

  const api = { network: network, nodes: nodes, edges: edges, state: state, ready: false };
  window.orgmap = api;

  const legendBox = document.querySelector(".legend");

  // Fit the drawing, labels included, into the part of the canvas the legend leaves free.
  function fitView() {
    const ids = nodes.getIds();
    if (!ids.length) return;
    const box = { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity };
    for (const id of ids) {
      const own = network.getBoundingBox(id);
      box.left = Math.min(box.left, own.left);
      box.right = Math.max(box.right, own.right);
      box.top = Math.min(box.top, own.top);
      box.bottom = Math.max(box.bottom, own.bottom);
    }
    const covered = legendBox && legendBox.open ? legendBox.offsetWidth + 20 : 0;
    const width = Math.max(container.clientWidth - covered - 24, 100);
    const height = Math.max(container.clientHeight - 40, 100);
    const scale = Math.min(width / Math.max(box.right - box.left, 1),
      height / Math.max(box.bottom - box.top, 1), 1.2);
    network.moveTo({ position: { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 },
      scale: scale, offset: { x: covered / 2, y: -8 }, animation: false });
  }

  // The physics keeps nodes apart by their size, not by their labels; push apart any two
  // whose drawn boxes (labels included) still overlap, along the axis that needs less.
  function separateNodes() {
    const gap = 6;
    const positions = network.getPositions();
    const items = nodes.getIds().map((id) => {
      const box = network.getBoundingBox(id);
      const at = positions[id];
      return { id: id, x: at.x, y: at.y, halfWidth: (box.right - box.left) / 2 + gap / 2,
        halfHeight: (box.bottom - box.top) / 2 + gap / 2,
        offsetX: (box.left + box.right) / 2 - at.x, offsetY: (box.top + box.bottom) / 2 - at.y };
    });
    for (let pass = 0; pass < SEPARATION_PASSES; pass += 1) {
      let moved = false;
      items.sort((a, b) => (a.x + a.offsetX - a.halfWidth) - (b.x + b.offsetX - b.halfWidth));
      for (let i = 0; i < items.length; i += 1) {
        const a = items[i];
        for (let j = i + 1; j < items.length; j += 1) {
          const b = items[j];
          const ax = a.x + a.offsetX;
          const bx = b.x + b.offsetX;
          if (bx - b.halfWidth >= ax + a.halfWidth) break;
          const overlapX = a.halfWidth + b.halfWidth - Math.abs(ax - bx);
          const overlapY = a.halfHeight + b.halfHeight - Math.abs(a.y + a.offsetY - b.y - b.offsetY);
          if (overlapX <= 0 || overlapY <= 0) continue;
          moved = true;
          if (overlapX < overlapY) {
            const push = (ax <= bx ? -1 : 1) * overlapX / 2;
            a.x += push;
            b.x -= push;
          } else {
            const push = (a.y + a.offsetY <= b.y + b.offsetY ? -1 : 1) * overlapY / 2;
            a.y += push;
            b.y -= push;
          }
        }
      }
      if (!moved) break;
    }
    for (const item of items) network.moveNode(item.id, item.x, item.y);
  }

  let settling = false;

  function finishLayout() {
    if (settling) return;
    settling = true;
    network.setOptions({ physics: { enabled: false } });
    if (!DATA.fixedLayout) separateNodes();
    // Bounding boxes are measured when drawn: fit once the moved nodes have been drawn.
    network.once("afterDrawing", () => {
      fitView();
      loading.hidden = true;
      api.ready = true;
      if (DATA.focus) selectEntity(DATA.focus, false);
    });
    network.redraw();
  }

  // -- looks: year, uncertainty, neighbourhood --------------------------------------

  function computeLooks() {
    const nodeLook = {};
    const edgeLook = {};
    for (const id of nodes.getIds()) nodeLook[id] = nodeStatus(id) === NOT_IN_FORCE ? "out" : "in";
    for (const id of edges.getIds()) {
      const info = EDGE_INFO[id];
      const status = edgeStatus(id);
      if (status === NOT_IN_FORCE || nodeLook[info.from] === "out" || nodeLook[info.to] === "out") {
        edgeLook[id] = "out";
      } else {
        edgeLook[id] = status === POSSIBLY ? "maybe" : "in";
      }
    }
    if (state.year !== null) {
      // An entity not known to exist that year, whose every relation is out of force,
      // is left stranded: out too. One known to exist stays, even alone.
      for (const id of nodes.getIds()) {
        const own = touching[id];
        if (nodeStatus(id) !== IN_FORCE && own.length &&
            own.every((edgeId) => edgeLook[edgeId] === "out")) nodeLook[id] = "out";
      }
    }
    if (state.focus !== null) {
      const near = new Set([state.focus]);
      for (const edgeId of touching[state.focus]) {
        if (edgeLook[edgeId] === "out") continue;
        near.add(EDGE_INFO[edgeId].from);
        near.add(EDGE_INFO[edgeId].to);
      }
      for (const id of Object.keys(nodeLook)) {
        if (!near.has(id) && nodeLook[id] === "in") nodeLook[id] = "dim";
      }
      for (const id of Object.keys(edgeLook)) {
        const info = EDGE_INFO[id];
        const mine = info.from === state.focus || info.to === state.focus;
        if (!mine && edgeLook[id] !== "out") edgeLook[id] = "dim";
      }
    }
    return { nodes: nodeLook, edges: edgeLook };
  }

  function nodeUpdate(id, look) {
    const base = baseNode[id];
    if (look === "out" && !state.grey) return { id: id, hidden: true };
    if (look === "in") return { id: id, hidden: false, color: base.color, font: base.font };
    return { id: id, hidden: false, color: FADED_NODE,
      font: Object.assign({}, base.font, { color: "#c3cad0", strokeWidth: 0 }) };
  }

  function edgeUpdate(id, look) {
    const base = baseEdge[id];
    if (look === "out" && !state.grey) return { id: id, hidden: true };
    if (look === "in") return { id: id, hidden: false, color: base.color, font: base.font };
    if (look === "maybe") {
      return { id: id, hidden: false,
        color: Object.assign({}, base.color, { opacity: UNCERTAIN_OPACITY }),
        font: Object.assign({}, base.font, { color: "#a6acaf" }) };
    }
    return { id: id, hidden: false, color: FADED_EDGE,
      font: Object.assign({}, base.font, { color: "rgba(0,0,0,0)", strokeWidth: 0 }) };
  }

  function restyle() {
    const looks = computeLooks();
    const nodeChanges = [];
    const edgeChanges = [];
    for (const [id, look] of Object.entries(looks.nodes)) {
      const key = look + (state.grey ? "/grey" : "");
      if (applied.nodes[id] !== key) {
        applied.nodes[id] = key;
        nodeChanges.push(nodeUpdate(id, look));
      }
    }
    for (const [id, look] of Object.entries(looks.edges)) {
      const key = look + (state.grey ? "/grey" : "");
      if (applied.edges[id] !== key) {
        applied.edges[id] = key;
        edgeChanges.push(edgeUpdate(id, look));
      }
      if (edgeStatusLine[id]) edgeStatusLine[id].textContent = statusPhrase(id);
    }
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    showStatus(looks);
    if (api.onRestyle) api.onRestyle();
  }

  function showStatus(looks) {
    const nodeCount = Object.values(looks.nodes).filter((look) => look !== "out").length;
    const edgeValues = Object.values(looks.edges);
    const edgeCount = edgeValues.filter((look) => look !== "out").length;
    const maybe = edgeValues.filter((look) => look === "maybe").length;
    let text = nodeCount + " of " + nodes.length + " entities, " + edgeCount + " of " +
      edges.length + " relations";
    if (state.year !== null) text += " in " + state.year;
    if (maybe) text += " (" + maybe + " possibly in force, shown faint)";
    document.getElementById("status").textContent = text;
  }

  // -- details panel --------------------------------------------------------------------

  const details = document.getElementById("details");

  function otherButton(id) {
    const button = el("button", "other", nameOf(id));
    button.type = "button";
    button.addEventListener("click", () => selectEntity(id, true));
    return button;
  }

  function addFacts(list, facts) {
    for (const [term, value] of facts) {
      if (!value) continue;
      list.appendChild(el("dt", "", term));
      const cell = el("dd");
      if (value instanceof Node) cell.appendChild(value); else cell.textContent = value;
      list.appendChild(cell);
    }
  }

  function showEntity(id) {
    const info = NODE_INFO[id];
    details.replaceChildren();
    details.appendChild(el("h3", "", info.name));
    if (info.name_zh) details.appendChild(el("p", "zh", info.name_zh));
    details.appendChild(el("p", "meta", info.kind + " · " + info.category + " · " + id));
    if (info.description) details.appendChild(el("p", "", info.description));
    const facts = el("dl");
    addFacts(facts, [
      ["Also", info.aliases ? info.aliases.join("; ") : ""],
      ["Dates", info.dates],
      ["Web", info.url ? link(info.url, info.url) : ""],
    ]);
    for (const [scheme, value] of info.identifiers || []) addFacts(facts, [[scheme, value]]);
    details.appendChild(facts);
    if (nodeStatus(id) === NOT_IN_FORCE) {
      details.appendChild(el("p", "flag", "Did not exist in " + state.year + "."));
    }
    if (info.sources) {
      details.appendChild(el("h2", "", "Sources"));
      details.appendChild(sourceList(info.sources, true, 0));
    }
    const own = touching[id];
    details.appendChild(el("h2", "", "Relations (" + own.length + ")"));
    const list = el("ul", "relations");
    for (const edgeId of own) list.appendChild(relationItem(id, edgeId));
    details.appendChild(list);
  }

  function relationItem(id, edgeId) {
    const info = EDGE_INFO[edgeId];
    const outgoing = info.from === id;
    const other = outgoing ? info.to : info.from;
    const item = el("li");
    item.appendChild(document.createTextNode((outgoing ? info.relation : info.inverse) + " "));
    item.appendChild(otherButton(other));
    const extra = [roleText(info), info.dates].filter(Boolean).join("; ");
    if (extra) item.appendChild(el("span", "meta", " — " + extra));
    const status = edgeStatus(edgeId);
    if (state.year !== null && status === NOT_IN_FORCE) item.className = "inactive";
    if ((state.year !== null || DATA.at) && status === POSSIBLY) item.appendChild(el("span", "flag", " (?)"));
    return item;
  }

  function showRelation(edgeId) {
    const info = EDGE_INFO[edgeId];
    details.replaceChildren();
    const heading = el("h3");
    heading.appendChild(otherButton(info.from));
    heading.appendChild(document.createTextNode(" " + info.relation + " "));
    heading.appendChild(otherButton(info.to));
    details.appendChild(heading);
    const facts = el("dl");
    addFacts(facts, [["Role", roleText(info)], ["Dates", info.dates], ["Note", info.note],
      ["Type", info.type], ["Id", edgeId]]);
    details.appendChild(facts);
    const phrase = statusPhrase(edgeId);
    if (phrase) details.appendChild(el("p", "flag", phrase));
    if (info.sources) {
      details.appendChild(el("h2", "", "Sources"));
      details.appendChild(sourceList(info.sources, true, 0));
    }
  }

  const hint = details.firstElementChild.cloneNode(true);

  function clearSelection() {
    state.focus = null;
    network.unselectAll();
    details.replaceChildren(hint.cloneNode(true));
    restyle();
  }

  // The zoom at which an entity, centred, has all its visible neighbours in view.
  function neighbourhoodScale(id) {
    const centre = network.getPositions([id])[id];
    let reachX = 1;
    let reachY = 1;
    for (const edgeId of touching[id]) {
      if (applied.edges[edgeId] && applied.edges[edgeId].startsWith("out")) continue;
      const info = EDGE_INFO[edgeId];
      const box = network.getBoundingBox(info.from === id ? info.to : info.from);
      reachX = Math.max(reachX, Math.abs(box.left - centre.x), Math.abs(box.right - centre.x));
      reachY = Math.max(reachY, Math.abs(box.top - centre.y), Math.abs(box.bottom - centre.y));
    }
    const covered = legendBox && legendBox.open ? legendBox.offsetWidth + 20 : 0;
    const scale = Math.min((container.clientWidth / 2 - covered - 20) / reachX,
      (container.clientHeight / 2 - 20) / reachY);
    return Math.min(Math.max(scale, 0.3), 1.1);
  }

  function selectEntity(id, move) {
    if (!NODE_INFO[id]) return;
    state.focus = id;
    if (nodes.get(id)) network.selectNodes([id]);
    if (move && api.view !== "chart") {
      network.focus(id, { scale: neighbourhoodScale(id),
        animation: { duration: 450, easingFunction: "easeInOutQuad" } });
    }
    showEntity(id);
    restyle();
    if (api.onSelect) api.onSelect(id, move);
  }

  network.on("click", (params) => {
    if (params.nodes.length) {
      selectEntity(String(params.nodes[0]), false);
    } else if (params.edges.length) {
      state.focus = null;
      restyle();
      showRelation(String(params.edges[0]));
    } else {
      clearSelection();
    }
  });

  document.getElementById("fit").addEventListener("click", fitView);
  document.getElementById("clear").addEventListener("click", clearSelection);

  function refreshDetails() {
    if (state.focus !== null) showEntity(state.focus);
  }

  // For the search box and the year control (orgmap-controls.js), and for tests.
  Object.assign(api, { details: DATA.details, years: YEARS, selectEntity: selectEntity,
    restyle: restyle, refreshDetails: refreshDetails, clearSelection: clearSelection });

  restyle();
  // Everything is defined: now let the layout finish (at once when positions are given).
  if (DATA.options.physics.enabled && DATA.nodes.length > 0) {
    network.once("stabilizationIterationsDone", finishLayout);
    // Should the simulation never report back, stop it anyway: the page must stay usable.
    setTimeout(finishLayout, LAYOUT_TIME_LIMIT);
  } else {
    finishLayout();
  }
})();
