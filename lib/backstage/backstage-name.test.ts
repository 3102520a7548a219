import { describe, expect, it } from "vitest";
import { KubernetesValidatorFunctions } from "@backstage/catalog-model";
import { backstageName, isBackstageName } from "./backstage-name";

describe("backstageName", () => {
  it("keeps valid names and repairs the rest into names Backstage's own validator accepts", () => {
    expect(backstageName("usermgr", "k8s:a/shop/usermgr")).toBe("usermgr");
    for (const raw of ["orders v2", "-x-", "ä", "", "a".repeat(80), "svc/with/slashes", "..", "a--b", "x_"]) {
      const name = backstageName(raw, `id:${raw}`);
      expect(KubernetesValidatorFunctions.isValidObjectName(name), `${raw} -> ${name}`).toBe(true);
      expect(isBackstageName(name)).toBe(true);
    }
  });

  it("gives a taken or repaired name the hash of its identity, so different things differ", () => {
    expect(backstageName("usermgr", "k8s:a/shop/usermgr", true)).not.toBe(backstageName("usermgr", "k8s:b/shop/usermgr", true));
    expect(backstageName("orders v2", "one")).not.toBe(backstageName("orders_v2", "two"));
    expect(backstageName("orders v2", "one")).toBe(backstageName("orders v2", "one"));
  });
});
