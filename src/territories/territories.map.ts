import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { geoMercator, geoPath } from "d3-geo";
import type { FeatureCollection, Geometry } from "geojson";
import { feature } from "topojson-client";
import { presimplify, quantile, simplify } from "topojson-simplify";
import type { GeometryCollection, Topology } from "topojson-specification";

/**
 * A map of the 75 prefectures and provinces as inline SVG, drawn on the server. Boundaries from
 * the npm package `morocco-map` (ODbL-1.0, © OpenStreetMap contributors), whose features carry
 * ISO 3166-2 ids, the same as `territories.iso_3166_2`; its names are never used (two are
 * mislabelled, see the reference data's notes): every name shown is ours.
 *
 * The outlines are simplified and projected once per process (a few hundred milliseconds);
 * each map then only colours and links them.
 */
export const MAP_WIDTH = 520;
export const MAP_HEIGHT = 560;
/** The share of the boundary points kept: enough to recognise every province, under 150 KB of SVG. */
const POINTS_KEPT = 0.1;

let outlines: Map<string, string> | undefined;

function projectedOutlines(): Map<string, string> {
  if (outlines) return outlines;
  const file = createRequire(import.meta.url).resolve("morocco-map/data/provinces.json");
  const topology = JSON.parse(readFileSync(file, "utf8")) as Topology<{ provinces: GeometryCollection }>;
  const prepared = presimplify(topology);
  // quantile(p): the weight that the most significant share p of the points reach.
  const simplified = simplify(prepared, quantile(prepared, POINTS_KEPT));
  const provinces = feature(simplified, simplified.objects.provinces) as FeatureCollection<Geometry>;
  const projection = geoMercator().fitSize([MAP_WIDTH, MAP_HEIGHT], provinces);
  const path = geoPath(projection).digits(1);
  outlines = new Map(
    provinces.features.map((province) => [String(province.id), path(province) ?? ""] as const),
  );
  return outlines;
}

/** The ISO 3166-2 codes the map has a shape for. */
export const mapCodes = (): string[] => [...projectedOutlines().keys()];

export interface MapArea {
  /** ISO 3166-2, as `territories.iso_3166_2` */
  iso: string;
  href: string;
  /** what the shape says to a reader: its name and its figure, in the page's language */
  label: string;
  /** 0…4: the colour class (`map-bucket-N`) */
  bucket: number;
  highlighted?: boolean;
}

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  );

/** The buckets' colours (as app.css's `map-bucket-N`), for a map printed without the stylesheet. */
const BUCKET_FILLS = ["#e4e4e1", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];
const PRINT_STROKE = 'stroke="#ffffff" stroke-width="0.6"';
const PRINT_HIGHLIGHT_STROKE = 'stroke="#a04f00" stroke-width="2.5"';

/**
 * The map, each shape a link with its label (and a <title>, for pointers). Shapes without an
 * area are drawn unlinked, in the empty colour. `label` names the whole map for assistive
 * technology. `print`: colours written on the shapes, no links (a PDF report draws it alone).
 */
export function territoryMap({
  areas,
  label,
  print = false,
}: {
  areas: MapArea[];
  label: string;
  print?: boolean;
}): string {
  const byIso = new Map(areas.map((area) => [area.iso, area]));
  const shapes = [...projectedOutlines()].map(([iso, d]) => {
    const area = byIso.get(iso);
    const bucket = area ? Math.max(0, Math.min(4, area.bucket)) : 0;
    if (print)
      return `<path d="${d}" fill="${BUCKET_FILLS[bucket]}" ${area?.highlighted ? PRINT_HIGHLIGHT_STROKE : PRINT_STROKE}/>`;
    if (!area) return `<path d="${d}" class="map-bucket-0"/>`;
    const classes = `map-bucket-${bucket}${area.highlighted ? " map-highlighted" : ""}`;
    const text = escapeXml(area.label);
    return `<a href="${escapeXml(area.href)}" aria-label="${text}"><path d="${d}" class="${classes}"><title>${text}</title></path></a>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="territory-map" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" width="${MAP_WIDTH}" height="${MAP_HEIGHT}" role="group" aria-label="${escapeXml(label)}" direction="ltr">${shapes.join("")}</svg>`;
}

/** The colour bucket of a count: none, then four steps up to the largest. */
export function bucketOf(value: number, largest: number): number {
  if (value <= 0 || largest <= 0) return 0;
  return Math.min(4, 1 + Math.floor((value / largest) * 3.999));
}
