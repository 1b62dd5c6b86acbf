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

  performance.mark("orgmap:start");
  const DATA = JSON.parse(document.getElementById("orgmap-data").textContent);
  performance.mark("orgmap:parsed");
  // The network comes as columns (graph_data.py): item i of every list is node or edge i.
  const NODE_IDS = DATA.nodes.ids;
  const EDGE_FROM = DATA.edges.from;
  const EDGE_TO = DATA.edges.to;
  const EDGE_TYPE = DATA.edges.types;
  const RELATIONS = DATA.relations;
  const DETAILS = DATA.details;
  const YEARS = DATA.years;
  const EDGE_COUNT = EDGE_FROM.length;
  const nodeNumber = new Map(NODE_IDS.map((id, i) => [id, i]));
  // An edge's id is carried only when it is not the one derived from its ends and type;
  // both are worked out when needed, not for every edge when the page opens.
  function edgeId(i) {
    return DATA.edges.ids[i] ||
      NODE_IDS[EDGE_FROM[i]] + "--" + RELATIONS[EDGE_TYPE[i]].type + "--" + NODE_IDS[EDGE_TO[i]];
  }
  let edgeNumbers = null;
  function edgeNumber(id) {
    if (edgeNumbers === null) {
      edgeNumbers = new Map();
      for (let i = 0; i < EDGE_COUNT; i += 1) edgeNumbers.set(edgeId(i), i);
    }
    return edgeNumbers.get(id);
  }
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
  // Room kept around a drawing fitted from its positions, for the labels.
  const FIT_MARGIN = 90;

  const state = { year: null, grey: false, focus: null };
  // The look each node and drawn edge has now, by number ("in", "out/grey", ...).
  const applied = { nodes: [], edges: new Map() };
  // Relations of the commonest types wait until their entity is selected (graph_data.py).
  const deferred = EDGE_TYPE.map((type) => RELATIONS[type].deferred);
  const touching = NODE_IDS.map(() => []);
  EDGE_FROM.forEach((from, i) => {
    touching[EDGE_FROM[i]].push(i);
    if (EDGE_TO[i] !== EDGE_FROM[i]) touching[EDGE_TO[i]].push(i);
  });
  const bends = new Map(DATA.edges.bends.map(([i, side, roundness]) => [i, { enabled: true,
    type: side, roundness: roundness }]));

  // -- what a reader sees about an entity or a relation --------------------------------

  function sourcesOf(citations) {
    return (citations || []).map(([number, locator]) => {
      const document = DETAILS.documents[number];
      return { text: locator ? document.text + ", " + locator : document.text, url: document.url };
    });
  }

  function nodeInfo(id) {
    const number = nodeNumber.get(id);
    if (number === undefined) return undefined;
    const info = Object.assign({}, DETAILS.nodes[number]);
    if (info.sources) info.sources = sourcesOf(info.sources);
    return info;
  }

  function edgeInfo(i) {
    const relation = RELATIONS[EDGE_TYPE[i]];
    const info = Object.assign({ from: NODE_IDS[EDGE_FROM[i]], to: NODE_IDS[EDGE_TO[i]],
      relation: relation.label, inverse: relation.inverse, type: relation.type },
    DETAILS.edges[i]);
    if (info.sources) info.sources = sourcesOf(info.sources);
    return info;
  }

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
    const number = nodeNumber.get(id);
    if (number === undefined) return id;
    const info = DETAILS.nodes[number];
    return info.name_zh ? info.name + " (" + info.name_zh + ")" : info.name;
  }

  function roleText(info) {
    return [info.role, info.role_zh].filter(Boolean).join(" / ");
  }

  // -- the year control's answers -----------------------------------------------------

  function yearIndex() {
    return state.year === null ? -1 : state.year - YEARS.first;
  }

  // By number: edge i, node i.
  function edgeStatus(i) {
    const index = yearIndex();
    if (index >= 0) return YEARS.patterns[YEARS.edges[i]][index];
    return DATA.status ? DATA.status[i] : IN_FORCE;
  }

  function nodeStatus(i) {
    const index = yearIndex();
    return index >= 0 ? YEARS.patterns[YEARS.nodes[i]][index] : IN_FORCE;
  }

  function statusPhrase(i) {
    const status = edgeStatus(i);
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
    const info = nodeInfo(id);
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
    const i = edgeNumber(id);
    const info = edgeInfo(i);
    const tip = el("div", "tip");
    tip.appendChild(el("strong", "", nameOf(info.from) + " — " + info.relation + " — " +
      nameOf(info.to)));
    const role = roleText(info);
    if (role) tip.appendChild(el("p", "", role));
    if (info.dates) tip.appendChild(el("p", "", info.dates));
    tip.appendChild(el("p", "flag", statusPhrase(i)));
    if (info.note) tip.appendChild(el("p", "", shorten(info.note, 320)));
    if (info.sources) {
      tip.appendChild(el("div", "meta", "Sources"));
      tip.appendChild(sourceList(info.sources, false, SOURCES_IN_TOOLTIP));
    }
    return tip;
  }

  // -- the network ----------------------------------------------------------------------

  function nodeItem(i, look) {
    const item = Object.assign({ id: NODE_IDS[i], label: DATA.nodes.labels[i] },
      DATA.nodeLooks[DATA.nodes.looks[i]], nodeUpdate(i, look));
    if (DATA.nodes.x) {
      item.x = DATA.nodes.x[i];
      item.y = DATA.nodes.y[i];
    }
    return item;
  }

  function edgeItem(i, look) {
    const info = DETAILS.edges[i];
    const item = Object.assign({ id: edgeId(i), from: NODE_IDS[EDGE_FROM[i]],
      to: NODE_IDS[EDGE_TO[i]], label: info.role || info.role_zh || "" },
    RELATIONS[EDGE_TYPE[i]].look, edgeUpdate(i, look));
    if (bends.has(i)) item.smooth = bends.get(i);
    return item;
  }

  // Every item starts with the look it should have: nothing is restyled before drawing.
  const firstLooks = computeLooks();
  const firstNodes = [];
  const firstEdges = [];
  NODE_IDS.forEach((id, i) => {
    applied.nodes[i] = lookKey(firstLooks.nodes[i]);
    firstNodes.push(nodeItem(i, firstLooks.nodes[i]));
  });
  EDGE_FROM.forEach((from, i) => {
    if (deferred[i]) return;
    applied.edges.set(i, lookKey(firstLooks.edges[i]));
    firstEdges.push(edgeItem(i, firstLooks.edges[i]));
  });
  const nodes = new vis.DataSet(firstNodes);
  const edges = new vis.DataSet(firstEdges);
  performance.mark("orgmap:datasets");
  const container = document.getElementById("network");
  const loading = document.getElementById("loading");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  performance.mark("orgmap:network");

  // Tooltips are built when shown, not thousands at a time when the page opens:
  // vis-network asks each node or edge under the pointer for its title.
  const titled = new Set();
  function buildTitlesOnDemand(item, tooltip) {
    if (!item) return;
    const prototype = Object.getPrototypeOf(item);
    if (titled.has(prototype)) return;
    titled.add(prototype);
    prototype.getTitle = function () { return tooltip(String(this.id)); };
  }
  buildTitlesOnDemand(network.body.nodes[NODE_IDS[0]], nodeTooltip);
  function titleEdges() {
    const first = edges.getIds()[0];
    if (first !== undefined) buildTitlesOnDemand(network.body.edges[first], edgeTooltip);
  }
  titleEdges();

  const api = { network: network, nodes: nodes, edges: edges, state: state, ready: false,
    data: DATA, entityIds: NODE_IDS, nodeInfo: nodeInfo,
    drawnEdgeCount: () => edges.length };
  window.orgmap = api;

  const legendBox = document.querySelector(".legend");

  // Fit the drawing, labels included, into the part of the canvas the legend leaves free.
  // A pre-laid-out drawing is fitted from its positions (with room for labels), so it can
  // be fitted before its first drawing; one laid out here, from the drawn boxes.
  function drawingBox() {
    const box = { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity };
    if (DATA.nodes.x) {
      for (let i = 0; i < NODE_IDS.length; i += 1) {
        box.left = Math.min(box.left, DATA.nodes.x[i] - FIT_MARGIN);
        box.right = Math.max(box.right, DATA.nodes.x[i] + FIT_MARGIN);
        box.top = Math.min(box.top, DATA.nodes.y[i] - FIT_MARGIN / 3);
        box.bottom = Math.max(box.bottom, DATA.nodes.y[i] + FIT_MARGIN / 3);
      }
      return box;
    }
    for (const id of nodes.getIds()) {
      const own = network.getBoundingBox(id);
      box.left = Math.min(box.left, own.left);
      box.right = Math.max(box.right, own.right);
      box.top = Math.min(box.top, own.top);
      box.bottom = Math.max(box.bottom, own.bottom);
    }
    return box;
  }

  function fitView() {
    if (!NODE_IDS.length) return;
    const box = drawingBox();
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

  // Ready once the fitted drawing is on screen and the handlers are in place.
  function showReady() {
    network.once("afterDrawing", () => {
      loading.hidden = true;
      api.ready = true;
      performance.mark("orgmap:ready");
    });
    if (DATA.focus) selectEntity(DATA.focus, false);
    network.redraw();
  }

  function finishLayout() {
    if (settling) return;
    settling = true;
    if (DATA.fixedLayout) {
      fitView();
      showReady();
      return;
    }
    network.setOptions({ physics: { enabled: false } });
    separateNodes();
    // Bounding boxes are measured when drawn: fit once the moved nodes have been drawn.
    network.once("afterDrawing", () => {
      fitView();
      showReady();
    });
    network.redraw();
  }

  // -- looks: year, uncertainty, neighbourhood --------------------------------------

  // Looks by number: what each node and edge should look like now.
  function computeLooks() {
    const nodeLook = NODE_IDS.map((id, i) => (nodeStatus(i) === NOT_IN_FORCE ? "out" : "in"));
    const edgeLook = EDGE_FROM.map((from, i) => {
      const status = edgeStatus(i);
      if (status === NOT_IN_FORCE || nodeLook[EDGE_FROM[i]] === "out" ||
          nodeLook[EDGE_TO[i]] === "out") return "out";
      return status === POSSIBLY ? "maybe" : "in";
    });
    if (state.year !== null) {
      // An entity not known to exist that year, whose every relation is out of force,
      // is left stranded: out too. One known to exist stays, even alone.
      touching.forEach((own, i) => {
        if (nodeStatus(i) !== IN_FORCE && own.length &&
            own.every((edge) => edgeLook[edge] === "out")) nodeLook[i] = "out";
      });
    }
    // A pre-laid-out page of thousands of nodes does not fade the others (restyling them
    // all takes the browser many seconds): the selection and its drawn relations stand out.
    const focus = state.focus === null || DATA.fixedLayout ? undefined
      : nodeNumber.get(state.focus);
    if (focus !== undefined) {
      const near = new Set([focus]);
      for (const edge of touching[focus]) {
        if (edgeLook[edge] === "out") continue;
        near.add(EDGE_FROM[edge]);
        near.add(EDGE_TO[edge]);
      }
      nodeLook.forEach((look, i) => {
        if (!near.has(i) && look === "in") nodeLook[i] = "dim";
      });
      edgeLook.forEach((look, i) => {
        const mine = EDGE_FROM[i] === focus || EDGE_TO[i] === focus;
        if (!mine && look !== "out") edgeLook[i] = "dim";
      });
    }
    return { nodes: nodeLook, edges: edgeLook };
  }

  function lookKey(look) {
    return look + (state.grey ? "/grey" : "");
  }

  function nodeUpdate(i, look) {
    const base = DATA.nodeLooks[DATA.nodes.looks[i]];
    const id = NODE_IDS[i];
    if (look === "out" && !state.grey) return { id: id, hidden: true };
    if (look === "in") return { id: id, hidden: false, color: base.color, font: base.font };
    return { id: id, hidden: false, color: FADED_NODE,
      font: Object.assign({}, base.font, { color: "#c3cad0", strokeWidth: 0 }) };
  }

  function edgeUpdate(i, look) {
    const base = RELATIONS[EDGE_TYPE[i]].look;
    const font = DATA.options.edges.font;
    const id = edgeId(i);
    if (look === "out" && !state.grey) return { id: id, hidden: true };
    if (look === "in") return { id: id, hidden: false, color: base.color, font: font };
    if (look === "maybe") {
      return { id: id, hidden: false,
        color: Object.assign({}, base.color, { opacity: UNCERTAIN_OPACITY }),
        font: Object.assign({}, font, { color: "#a6acaf" }) };
    }
    return { id: id, hidden: false, color: FADED_EDGE,
      font: Object.assign({}, font, { color: "rgba(0,0,0,0)", strokeWidth: 0 }) };
  }

  // The relations drawn: all but the deferred ones, and those of the selected entity.
  function wantedEdges() {
    const focus = state.focus === null ? undefined : nodeNumber.get(state.focus);
    return focus === undefined ? [] : touching[focus].filter((i) => deferred[i]);
  }

  function restyle() {
    const looks = computeLooks();
    const nodeChanges = [];
    looks.nodes.forEach((look, i) => {
      const key = lookKey(look);
      if (applied.nodes[i] !== key) {
        applied.nodes[i] = key;
        nodeChanges.push(nodeUpdate(i, look));
      }
    });
    const extra = new Set(wantedEdges());
    const gone = [];
    for (const i of applied.edges.keys()) {
      if (deferred[i] && !extra.has(i)) gone.push(i);
    }
    const added = [];
    for (const i of extra) {
      if (!applied.edges.has(i)) {
        applied.edges.set(i, lookKey(looks.edges[i]));
        added.push(edgeItem(i, looks.edges[i]));
      }
    }
    const edgeChanges = [];
    for (const [i, key] of applied.edges) {
      const wanted = lookKey(looks.edges[i]);
      if (key !== wanted) {
        applied.edges.set(i, wanted);
        edgeChanges.push(edgeUpdate(i, looks.edges[i]));
      }
    }
    for (const i of gone) applied.edges.delete(i);
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (gone.length) edges.remove(gone.map(edgeId));
    if (edgeChanges.length) edges.update(edgeChanges);
    if (added.length) {
      edges.add(added);
      titleEdges();
    }
    showStatus(looks);
    if (api.onRestyle) api.onRestyle();
  }

  function showStatus(looks) {
    const nodeCount = looks.nodes.filter((look) => look !== "out").length;
    const edgeCount = looks.edges.filter((look) => look !== "out").length;
    const maybe = looks.edges.filter((look) => look === "maybe").length;
    let text = nodeCount + " of " + NODE_IDS.length + " entities, " + edgeCount + " of " +
      EDGE_COUNT + " relations";
    if (state.year !== null) text += " in " + state.year;
    if (maybe) text += " (" + maybe + " possibly in force, shown faint)";
    if (edges.length < EDGE_COUNT) text += "; " + edges.length + " drawn";
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
    const info = nodeInfo(id);
    const number = nodeNumber.get(id);
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
    if (nodeStatus(number) === NOT_IN_FORCE) {
      details.appendChild(el("p", "flag", "Did not exist in " + state.year + "."));
    }
    if (info.sources) {
      details.appendChild(el("h2", "", "Sources"));
      details.appendChild(sourceList(info.sources, true, 0));
    }
    const own = touching[number];
    details.appendChild(el("h2", "", "Relations (" + own.length + ")"));
    const list = el("ul", "relations");
    for (const edge of own) list.appendChild(relationItem(id, edge));
    details.appendChild(list);
  }

  function relationItem(id, edge) {
    const info = edgeInfo(edge);
    const outgoing = info.from === id;
    const other = outgoing ? info.to : info.from;
    const item = el("li");
    item.appendChild(document.createTextNode((outgoing ? info.relation : info.inverse) + " "));
    item.appendChild(otherButton(other));
    const extra = [roleText(info), info.dates].filter(Boolean).join("; ");
    if (extra) item.appendChild(el("span", "meta", " — " + extra));
    const status = edgeStatus(edge);
    if (state.year !== null && status === NOT_IN_FORCE) item.className = "inactive";
    if ((state.year !== null || DATA.at) && status === POSSIBLY) item.appendChild(el("span", "flag", " (?)"));
    return item;
  }

  function showRelation(edgeId) {
    const edge = edgeNumber(edgeId);
    const info = edgeInfo(edge);
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
    const phrase = statusPhrase(edge);
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
    const number = nodeNumber.get(id);
    let reachX = 1;
    let reachY = 1;
    for (const edge of touching[number]) {
      if ((applied.edges.get(edge) || "").startsWith("out")) continue;
      const other = EDGE_FROM[edge] === number ? EDGE_TO[edge] : EDGE_FROM[edge];
      const box = network.getBoundingBox(NODE_IDS[other]);
      reachX = Math.max(reachX, Math.abs(box.left - centre.x), Math.abs(box.right - centre.x));
      reachY = Math.max(reachY, Math.abs(box.top - centre.y), Math.abs(box.bottom - centre.y));
    }
    const covered = legendBox && legendBox.open ? legendBox.offsetWidth + 20 : 0;
    const scale = Math.min((container.clientWidth / 2 - covered - 20) / reachX,
      (container.clientHeight / 2 - 20) / reachY);
    return Math.min(Math.max(scale, 0.3), 1.1);
  }

  function selectEntity(id, move) {
    if (!nodeNumber.has(id)) return;
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
  Object.assign(api, { years: YEARS, selectEntity: selectEntity,
    restyle: restyle, refreshDetails: refreshDetails, clearSelection: clearSelection });

  showStatus(firstLooks);
  // Everything is defined: now let the layout finish (at once when positions are given).
  if (DATA.options.physics.enabled && NODE_IDS.length > 0) {
    network.once("stabilizationIterationsDone", finishLayout);
    // Should the simulation never report back, stop it anyway: the page must stay usable.
    setTimeout(finishLayout, LAYOUT_TIME_LIMIT);
  } else {
    finishLayout();
  }
})();
