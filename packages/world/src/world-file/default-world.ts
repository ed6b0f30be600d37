/**
 * The default world of `irsa-lab serve` (and the example of the world file
 * format in docs/world-file.md): cluster `demo` in us-west-2, account
 * 111122223333, the IAM OIDC provider registered, Pod payments/billing-api
 * using IRSA to read bucket billing-reports, web/frontend on the default
 * ServiceAccount, a hostNetwork Pod in kube-system, and one node whose
 * instance role reads bucket node-logs.
 */

/** The default world file, as text (the test suite keeps docs/world-file.md's copy identical). */
export const defaultWorldYaml = `# The default world of \`irsa-lab serve\`.
apiVersion: irsa-lab.dev/v1
kind: Cluster
metadata:
  name: demo
spec:
  region: us-west-2
  account: "111122223333"
---
# eksctl utils associate-iam-oidc-provider: the cluster's issuer, trusted by IAM for audience sts.amazonaws.com
apiVersion: irsa-lab.dev/v1
kind: OIDCProvider
spec:
  clientIds: [sts.amazonaws.com]
---
apiVersion: irsa-lab.dev/v1
kind: Role
metadata:
  name: billing-reader
spec:
  trustPolicy:
    Version: "2012-10-17"
    Statement:
      - Effect: Allow
        Principal:
          Federated: \${OIDC_PROVIDER_ARN}
        Action: sts:AssumeRoleWithWebIdentity
        Condition:
          StringEquals:
            "\${OIDC_PROVIDER}:sub": system:serviceaccount:payments:billing
            "\${OIDC_PROVIDER}:aud": sts.amazonaws.com
  inlinePolicies:
    read-billing-reports:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: s3:ListBucket
          Resource: arn:aws:s3:::billing-reports
        - Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::billing-reports/*
---
# the node's instance role: what IMDS hands to anything that can reach it
apiVersion: irsa-lab.dev/v1
kind: Role
metadata:
  name: demo-node-role
spec:
  trustPolicy:
    Version: "2012-10-17"
    Statement:
      - Effect: Allow
        Principal:
          Service: ec2.amazonaws.com
        Action: sts:AssumeRole
  inlinePolicies:
    read-node-logs:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: s3:ListBucket
          Resource: arn:aws:s3:::node-logs
        - Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::node-logs/*
---
apiVersion: irsa-lab.dev/v1
kind: Bucket
metadata:
  name: billing-reports
spec:
  objects:
    - key: reports/2026-01.csv
      contentType: text/csv
      body: |
        invoice,customer,amount
        INV-1001,acme,1200.00
        INV-1002,globex,310.50
---
apiVersion: irsa-lab.dev/v1
kind: Bucket
metadata:
  name: node-logs
spec:
  objects:
    - key: kubelet/2026-01-05.log
      contentType: text/plain
      body: |
        I0105 09:00:00 kubelet started
---
apiVersion: irsa-lab.dev/v1
kind: Node
metadata:
  name: ip-10-0-1-10.us-west-2.compute.internal
spec:
  instanceRole: demo-node-role
  imds:
    httpTokens: optional
    httpPutResponseHopLimit: 2
    httpEndpoint: enabled
---
apiVersion: v1
kind: Namespace
metadata:
  name: payments
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: billing
  namespace: payments
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::\${ACCOUNT_ID}:role/billing-reader
---
apiVersion: v1
kind: Pod
metadata:
  name: billing-api
  namespace: payments
spec:
  serviceAccountName: billing
  containers:
    - name: app
      image: public.ecr.aws/docker/library/python:3.12-slim
---
apiVersion: v1
kind: Namespace
metadata:
  name: web
---
# no serviceAccountName: the namespace's default ServiceAccount, no IRSA
apiVersion: v1
kind: Pod
metadata:
  name: frontend
  namespace: web
spec:
  containers:
    - name: app
      image: public.ecr.aws/nginx/nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: node-agent
  namespace: kube-system
spec:
  hostNetwork: true
  containers:
    - name: agent
      image: public.ecr.aws/amazonlinux/amazonlinux:2023
`;
