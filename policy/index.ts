// The Hubstack security policy pack: `pulumi preview --policy-pack ./policy`.
// Creating the pack starts its gRPC server, so tests import ./rules, never this file.
import { PolicyPack } from "@pulumi/policy";
import { hubstackPolicies } from "./rules";

new PolicyPack("hubstack-security", { policies: hubstackPolicies });
