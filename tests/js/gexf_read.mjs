// Read a GEXF file (path in argv) with graphology-gexf, the GEXF parser of Gephi Lite and sigma.js, and report it.
import { readFileSync } from "node:fs";
import graphology from "graphology";
import gexf from "graphology-gexf";

const graph = gexf.parse(graphology.MultiDirectedGraph, readFileSync(process.argv[2], "utf-8"), { addMissingNodes: false });
const types = {};
graph.forEachNode((node, attributes) => { types[attributes.type] = (types[attributes.type] || 0) + 1; });
const sample = process.argv[3];
process.stdout.write(JSON.stringify({
  order: graph.order,
  size: graph.size,
  types,
  sample: sample ? graph.getNodeAttributes(sample) : null,
  edgeLabels: [...new Set(graph.mapEdges((edge, attributes) => attributes.label))].sort(),
}));
