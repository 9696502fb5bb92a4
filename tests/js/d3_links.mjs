// Lay out a node-link JSON document (stdin) the way a D3 page does, and report what D3 made of it.
// forceLink(links).id(d => d.id) resolves each link's source and target by node id and throws on an unknown id.
import { forceCenter, forceLink, forceManyBody, forceSimulation } from "d3-force";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const graph = JSON.parse(input);
const links = forceLink(graph.links).id((d) => d.id);
const simulation = forceSimulation(graph.nodes).force("link", links).force("charge", forceManyBody()).force("center", forceCenter()).stop();
simulation.tick(50);
process.stdout.write(JSON.stringify({
  nodes: graph.nodes.length,
  distinctIds: new Set(graph.nodes.map((d) => d.id)).size,
  placed: graph.nodes.filter((d) => Number.isFinite(d.x) && Number.isFinite(d.y)).length,
  links: graph.links.map((l) => [l.source.id, l.target.id, l.key, graph.nodes.indexOf(l.source) >= 0 && graph.nodes.indexOf(l.target) >= 0]),
}));
