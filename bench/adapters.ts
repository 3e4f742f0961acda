/*
 * Why the service runs on Fastify: the same minimal Nest controller (one GET returning a small JSON object)
 * on the Express and on the Fastify adapter, loaded in turn by autocannon in one run (32 connections).
 * The ratio is what counts; absolute numbers depend on the machine and on the load generator sharing it.
 */
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

@Controller()
class PingController {
  @Get('ping')
  ping(): { status: string } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

async function measure(name: string, adapter: ExpressAdapter | FastifyAdapter): Promise<number> {
  const app = await NestFactory.create(PingModule, adapter, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/ping`;
  await autocannon({ url, connections: 32, duration: 2 }); // warm-up
  const r = await autocannon({ url, connections: 32, duration: SECONDS });
  await app.close();
  console.log(`${name} | ${Math.round(r.requests.average)} req/s | p50 ${r.latency.p50} ms | p99 ${r.latency.p99} ms`);
  return r.requests.average;
}

async function main(): Promise<void> {
  const express = await measure('Express', new ExpressAdapter());
  const fastify = await measure('Fastify', new FastifyAdapter());
  console.log(`Fastify / Express: ${(fastify / express).toFixed(2)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
