import { beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";

// index.ts runs the program at import time, so each case sets config first and imports it fresh.
beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs as Record<string, unknown> }),
      call: (a) => a.inputs as Record<string, unknown>,
    },
    "hubstack",
    "test",
    true,
  );
});

describe("index.ts", () => {
  it("stops at preview with the bad keys and their fixes, not a stack trace", async () => {
    pulumi.runtime.setAllConfig({ "hubstack:target": "ec2", "hubstack:sshCidr": "0.0.0.0/0" });
    const err = await import("../../index").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(pulumi.RunError);
    const message = (err as Error).message;
    expect(message).toMatch(/domain: is required for target ec2\. Fix: pulumi config set domain/);
    expect(message).toMatch(/sshCidr: 0\.0\.0\.0\/0 opens SSH to the whole internet/);
  });
});
