// Flat config. The import boundaries (CONVENTIONS 17, bulletproof-react's feature folders):
// - src/features/<x> is a feature with rooms api/ (shapes, queries, URL filters), components/,
//   routes/ (the pages the router mounts), lib/ (pure helpers) and hooks/;
// - a feature never imports another feature, nor src/app;
// - a feature with a shared/ folder (restore) is a group of sub-features: each sub-feature
//   (restore/catalog, restore/replicas, …) imports only itself and the group's shared/, and
//   shared/ imports no sub-feature;
// - src/app reaches a feature only through its api/ and routes/, never its internals;
// - the shared layers import no feature and no app: api/ imports nothing else of ours, lib/
//   only api/, components/ api/ and lib/.
import { existsSync, readdirSync } from "node:fs";

import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/** The rooms of a feature; any other folder of a feature with shared/ is a sub-feature. */
const ROOMS = new Set(["api", "components", "routes", "lib", "hooks"]);
const INTERNAL_ROOMS = ["components", "lib", "hooks"];

const folders = (path) =>
  readdirSync(new URL(path, import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

const features = folders("./src/features");

const featureZones = features.map((feature) => ({
  target: `./src/features/${feature}`,
  from: "./src/features",
  except: [`./${feature}`],
  message: "Features do not import each other; move shared code to src/components or src/lib.",
}));

const subFeatureZones = features
  .filter((feature) => existsSync(new URL(`./src/features/${feature}/shared`, import.meta.url)))
  .flatMap((group) => {
    const subFeatures = folders(`./src/features/${group}`).filter((name) => name !== "shared" && !ROOMS.has(name));
    const root = `./src/features/${group}`;
    return [
      ...subFeatures.map((sub) => ({
        target: `${root}/${sub}`,
        from: root,
        except: [`./${sub}`, "./shared"],
        message: `Sub-features of ${group} do not import each other; share through ${group}/shared.`,
      })),
      {
        target: [`${root}/shared`, ...[...ROOMS].map((room) => `${root}/${room}`)],
        from: subFeatures.map((sub) => `${root}/${sub}`),
        message: `${group}/shared and ${group}'s own rooms import no sub-feature.`,
      },
    ];
  });

/** Every folder inside a feature (or sub-feature) that holds its internals. */
const internals = features.flatMap((feature) => {
  const root = `./src/features/${feature}`;
  const nested = folders(root).filter((name) => !ROOMS.has(name));
  return [root, ...nested.map((name) => `${root}/${name}`)].flatMap((base) => INTERNAL_ROOMS.map((room) => `${base}/${room}`));
});

export default tseslint.config(
  { ignores: ["dist", "node_modules", "src/api/schema.d.ts"] },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      ecmaVersion: 2023,
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "react-hooks": reactHooks, "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.app.json" })],
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "TSAsExpression[expression.type='TSAsExpression'][expression.typeAnnotation.type='TSUnknownKeyword']",
          message: "No `as unknown as`: narrow with a type guard or fix the generated type.",
        },
      ],
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            ...featureZones,
            ...subFeatureZones,
            {
              target: "./src/features",
              from: "./src/app",
              message: "Features do not import the app layer (routes reach features, not the reverse).",
            },
            {
              target: "./src/app",
              from: internals,
              message: "The app reaches a feature through its api/ and routes/ only, not its components, lib or hooks.",
            },
            {
              target: ["./src/components", "./src/lib", "./src/api"],
              from: ["./src/features", "./src/app"],
              message: "Shared layers (api, lib, components) do not import features or the app.",
            },
            {
              target: "./src/lib",
              from: "./src/components",
              message: "src/lib holds no UI: it does not import src/components.",
            },
            {
              target: "./src/api",
              from: ["./src/components", "./src/lib"],
              message: "src/api is the bottom layer: it imports neither src/components nor src/lib.",
            },
          ],
        },
      ],
      "import-x/no-unresolved": "error",
    },
  },
  {
    files: ["**/*.js"],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
);
