/*
 * orgmap page controls: the search box and the year control. They drive the network
 * through window.orgmap, which orgmap.js sets up. Curated text reaches the document
 * only through textContent.
 */
(function () {
  "use strict";

  const api = window.orgmap;
  const YEARS = api.years;
  const state = api.state;
  const SEARCH_LIMIT = 10;

  function el(tag, className, text) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined && text !== null) element.textContent = String(text);
    return element;
  }

  // -- search ---------------------------------------------------------------------------

  const searchBox = document.getElementById("search");
  const results = document.getElementById("search-results");
  const fold = (text) => String(text).normalize("NFKC").toLowerCase().trim();
  // Built on the first search, not when the page opens.
  let index = null;
  let matches = [];
  let active = 0;

  function searchIndex() {
    if (index === null) {
      const details = api.data.details.nodes;
      index = api.entityIds.map((id, i) => {
        const info = details[i];
        const keys = [id, info.name, info.name_zh].concat(info.aliases || []).filter(Boolean);
        return { id: id, keys: keys.map(fold), sortName: fold(info.name) };
      });
    }
    return index;
  }

  function findEntities(text) {
    const query = fold(text);
    if (!query) return [];
    const scored = [];
    for (const entry of searchIndex()) {
      let best = 3;
      for (const key of entry.keys) {
        if (key === query) best = Math.min(best, 0);
        else if (key.startsWith(query)) best = Math.min(best, 1);
        else if (key.includes(query)) best = Math.min(best, 2);
      }
      if (best < 3) scored.push([best, entry.sortName, entry.id]);
    }
    scored.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    return scored.slice(0, SEARCH_LIMIT).map((entry) => entry[2]);
  }

  function showResults() {
    results.replaceChildren();
    if (!searchBox.value.trim()) {
      results.hidden = true;
      return;
    }
    if (!matches.length) results.appendChild(el("li", "none", "No entity matches."));
    matches.forEach((id, position) => {
      const info = api.nodeInfo(id);
      const item = el("li", "", info.name);
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", position === active ? "true" : "false");
      item.appendChild(el("span", "sub", [info.name_zh, info.kind].filter(Boolean).join(" · ")));
      item.addEventListener("mousedown", (event) => {
        event.preventDefault();
        choose(id);
      });
      results.appendChild(item);
    });
    results.hidden = false;
  }

  function choose(id) {
    results.hidden = true;
    searchBox.value = api.nodeInfo(id).name;
    api.selectEntity(id, true);
  }

  searchBox.addEventListener("input", () => {
    matches = findEntities(searchBox.value);
    active = 0;
    showResults();
  });
  searchBox.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!matches.length) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      active = (active + step + matches.length) % matches.length;
      showResults();
    } else if (event.key === "Enter") {
      event.preventDefault();
      matches = findEntities(searchBox.value);
      if (matches.length) choose(matches[Math.min(active, matches.length - 1)]);
    } else if (event.key === "Escape") {
      results.hidden = true;
    }
  });
  searchBox.addEventListener("blur", () => { results.hidden = true; });

  // -- year control ---------------------------------------------------------------------

  if (YEARS) {
    const slider = document.getElementById("year");
    const enabled = document.getElementById("year-on");
    const shown = document.getElementById("year-value");
    const mode = document.getElementById("year-mode");
    const play = document.getElementById("year-play");
    let timer = null;

    const setYear = (year) => {
      state.year = year;
      enabled.checked = year !== null;
      if (year !== null) slider.value = String(year);
      shown.textContent = year === null ? "all years" : String(year);
      api.restyle();
      api.refreshDetails();
    };
    const stop = () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
      play.textContent = "Play";
    };
    api.setYear = setYear;

    slider.addEventListener("input", () => setYear(Number(slider.value)));
    enabled.addEventListener("change", () => setYear(enabled.checked ? Number(slider.value) : null));
    mode.addEventListener("change", () => {
      state.grey = mode.value === "grey";
      api.restyle();
    });
    play.addEventListener("click", () => {
      if (timer !== null) return stop();
      play.textContent = "Stop";
      let year = state.year === null || state.year >= YEARS.last ? YEARS.first : state.year + 1;
      setYear(year);
      timer = setInterval(() => {
        year += 1;
        if (year > YEARS.last) return stop();
        setYear(year);
      }, 1200);
    });
  }
})();
