/** The type tokens the rules look at (tests check them against @pulumi/aws's classes). */
export const awsTypes = {
  instance: "aws:ec2/instance:Instance",
  volume: "aws:ebs/volume:Volume",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  vpcIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  ecrRepository: "aws:ecr/repository:Repository",
} as const;
