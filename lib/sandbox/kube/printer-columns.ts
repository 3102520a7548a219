// Building blocks of server-side printers: column definitions, and the Name and Age columns
// every kind shares (the kind-specific printers live in printers.ts and printers-workloads.ts).
import { swaggerDoc } from "./swagger-doc";
import type { KubeObject } from "./types";

/** metav1.TableColumnDefinition. */
export type TableColumn = { name: string; type: string; format: string; description: string; priority: number };
/** Columns of one kind and how to fill a row. */
export type Printer = { columns: TableColumn[]; cells(obj: KubeObject, now: number): unknown[] };

export const col = (name: string, description: string, priority = 0, format = ""): TableColumn =>
  ({ name, type: "string", format, description, priority });
const OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
export const NAME = col("Name", swaggerDoc(OBJECT_META, "name"), 0, "name");
export const AGE = col("Age", swaggerDoc(OBJECT_META, "creationTimestamp"));

/** duration.HumanDuration from apimachinery: "5s", "3m20s", "4h12m", "2d3h", "2y30d". */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24);
    return days % 365 === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** The Age cell of an object. */
export const age = (obj: KubeObject, now: number) =>
  obj.metadata.creationTimestamp ? humanDuration(now - Date.parse(obj.metadata.creationTimestamp)) : "<unknown>";
