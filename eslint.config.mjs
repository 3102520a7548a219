import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "dist/**", "dist.*/**", "node_modules/**", "lib/db/generated/**", "tools/**", ".signpost*/**", "test-results/**",
      "playwright-report/**", "e2e-artifacts/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // One-way imports (docs/ARCHITECTURE.md): the domain never sees vendor adapters.
      "no-restricted-imports": "off",
    },
  },
  {
    files: ["lib/catalog/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["**/k8s/**", "**/kong/**", "@kubernetes/client-node"], message: "lib/catalog knows nothing of Kubernetes or Kong." },
      ] }],
    },
  },
  {
    files: ["components/**/*.tsx", "app/**/_components/**/*.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["**/lib/db/**", "**/lib/k8s/**", "**/lib/kong/**", "@/lib/db/**", "@/lib/k8s/**", "@/lib/kong/**"], message: "Client components never import the database or vendor adapters." },
      ] }],
    },
  },
];

export default config;
