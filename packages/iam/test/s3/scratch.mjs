import { S3Client, PutObjectCommand, GetObjectCommand, ListObjectsV2Command, ListBucketsCommand } from '@aws-sdk/client-s3';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
const server = setupServer(http.all('*', async ({ request }) => {
  const body = new Uint8Array(await request.arrayBuffer());
  console.log(request.method, request.url, Object.fromEntries(request.headers), JSON.stringify(Buffer.from(body).toString('latin1')));
  return HttpResponse.text('<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>x</RequestId><HostId>y</HostId></Error>', { status: 403 , headers: {'content-type':'application/xml'}});
}));
server.listen({ onUnhandledRequest: 'error' });
for (const forcePathStyle of [true, false]) {
  const c = new S3Client({ region: 'us-west-2', forcePathStyle, credentials: { accessKeyId: 'ASIAX', secretAccessKey: 's', sessionToken: 't' }, maxAttempts: 1 });
  for (const cmd of [new PutObjectCommand({ Bucket: 'my-bucket', Key: 'a b/c+d~é.txt', Body: 'hello' }), new GetObjectCommand({ Bucket: 'my-bucket', Key: 'a/b.txt' }), new ListObjectsV2Command({ Bucket: 'my-bucket', Prefix: 'a/', MaxKeys: 2 }), new ListBucketsCommand({})]) {
    try { await c.send(cmd); } catch (e) { console.log('ERR', e.name, e.message, e.$metadata?.httpStatusCode); }
  }
}
server.close();
