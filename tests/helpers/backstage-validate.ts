// Feeds entities to Backstage's own catalog model as its catalog backend does: the entity
// policies (DefaultNamespaceEntityPolicy, NoForeignRootFieldsEntityPolicy, FieldFormatEntityPolicy,
// SchemaValidEntityPolicy, all of them) and then the kind validators of the built-in kinds. Also
// checks what the backend's relation processing needs: unique names per kind, and refs
// (owner, providesApis) that parse and point at entities of the same file.
import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  parseEntityRef,
  SchemaValidEntityPolicy,
  stringifyEntityRef,
  type Entity,
} from "@backstage/catalog-model";
import YAML from "yaml";

const policy = EntityPolicies.allOf([new DefaultNamespaceEntityPolicy(), new NoForeignRootFieldsEntityPolicy(), new FieldFormatEntityPolicy(), new SchemaValidEntityPolicy()]);
const validators = [apiEntityV1alpha1Validator, componentEntityV1alpha1Validator, groupEntityV1alpha1Validator];

export type BackstageVerdict = { entities: Entity[]; rejections: string[] };

/** Every entity of a multi-document YAML text, and every rejection (empty when Backstage takes all). */
export async function validateBackstageYaml(text: string): Promise<BackstageVerdict> {
  const rejections: string[] = [];
  const entities: Entity[] = [];
  for (const doc of YAML.parseAllDocuments(text)) {
    if (doc.errors.length) {
      rejections.push(`YAML: ${doc.errors[0].message}`);
      continue;
    }
    const raw = doc.toJS() as Entity | null;
    if (raw === null) continue;
    const label = `${raw.kind}:${raw.metadata?.name}`;
    try {
      const entity = await policy.enforce(raw);
      if (!entity) throw new Error("the policy dropped it");
      let matched = false;
      for (const v of validators) if (await v.check(entity)) matched = true;
      if (!matched) throw new Error("no built-in kind validator accepts it");
      entities.push(entity);
    } catch (err) {
      rejections.push(`${label}: ${(err as Error).message}`);
    }
  }
  const refs = new Set<string>();
  for (const e of entities) {
    const ref = stringifyEntityRef(e);
    if (refs.has(ref)) rejections.push(`${ref}: the name is used twice`);
    refs.add(ref);
  }
  for (const e of entities) {
    const spec = e.spec as { owner?: string; providesApis?: string[] };
    const targets = [...(spec.owner ? [{ ref: spec.owner, kind: "group" }] : []), ...(spec.providesApis ?? []).map((ref) => ({ ref, kind: "api" }))];
    for (const t of targets) {
      try {
        const to = stringifyEntityRef(parseEntityRef(t.ref, { defaultKind: t.kind, defaultNamespace: "default" }));
        if (!refs.has(to)) rejections.push(`${stringifyEntityRef(e)}: ${t.ref} names no entity of the export`);
      } catch (err) {
        rejections.push(`${stringifyEntityRef(e)}: ${(err as Error).message}`);
      }
    }
  }
  return { entities, rejections };
}
