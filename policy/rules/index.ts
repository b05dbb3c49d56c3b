import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ingressOnly22And443, sshNotOpenToWorld } from "./network";
import { ebsEncrypted, imdsV2Required, noSecretsInUserData } from "./instance";
import { ecrScanOnPush } from "./ecr";

/** Every Hubstack security rule. Import this (not ../index.ts, which starts the pack's server). */
export const hubstackPolicies: ResourceValidationPolicy[] = [
  ingressOnly22And443,
  sshNotOpenToWorld,
  imdsV2Required,
  ebsEncrypted,
  noSecretsInUserData,
  ecrScanOnPush,
];
