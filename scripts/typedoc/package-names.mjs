// TypeDoc plugin: names each entry point's module after its package ("@sieve-toolkit/parser",
// "sievectl") instead of the path TypeDoc derives from it ("parser/src").
import { readFileSync } from "node:fs";
import { Converter, ReflectionKind } from "typedoc";

const packages = new URL("../../packages/", import.meta.url);

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.getChildrenByKind(ReflectionKind.Module)) {
      const dir = /^([a-z0-9-]+)\/src$/.exec(mod.name)?.[1];
      if (!dir) continue;
      mod.name = JSON.parse(readFileSync(new URL(`${dir}/package.json`, packages), "utf8")).name;
    }
  });
}
