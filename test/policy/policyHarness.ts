import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

/** Runs one policy's validation on a fake resource and returns the violation messages. */
export async function violations(
  policy: ResourceValidationPolicy,
  type: string,
  props: Record<string, unknown>,
): Promise<string[]> {
  const found: string[] = [];
  const args = {
    type,
    props,
    urn: `urn:pulumi:test::hubstack::${type}::r`,
    name: "r",
    opts: {},
    isType: (cls: { __pulumiType?: string }) => cls.__pulumiType === type,
  } as unknown as ResourceValidationArgs;
  const validations = policy.validateResource;
  for (const validate of Array.isArray(validations) ? validations : [validations]) {
    await validate?.(args, (message: string) => {
      found.push(message);
    });
  }
  return found;
}
