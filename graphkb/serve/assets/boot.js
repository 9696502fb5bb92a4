// graphkb serve: asks for what the page starts from (the store's info and, for a whole-graph view, the graph)
// while the browser still loads the drawing libraries and app.js, which takes these answers from window.graphkbBoot.
"use strict";

(function () {
  let state = null;
  try { state = JSON.parse(decodeURIComponent(location.hash.slice(1))); } catch { /* the link holds no view */ }
  if (typeof state !== "object") state = null;
  const whole = !state || typeof state.seed !== "string" || state.seed === "all";
  const limit = state && Number.isInteger(state.limit) && state.limit > 0 ? state.limit : null;
  window.graphkbBoot = {
    state,  // the view the permalink holds, or null
    info: fetch("/api/info"),
    graph: whole ? fetch(limit ? `/api/graph?limit=${limit}` : "/api/graph") : null,
    limit,
  };
})();
