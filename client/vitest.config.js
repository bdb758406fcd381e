import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.js"],
    environment: "jsdom",
    environmentOptions: { jsdom: { url: "http://app.test/profile" } },
    fileParallelism: false, // the machines have 2 cores; each file starts its own servers
    testTimeout: 30000,
    setupFiles: ["test/setup.js"],
  },
});
