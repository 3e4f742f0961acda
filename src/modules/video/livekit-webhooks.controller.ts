import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/decorators';
import { UnsupportedMediaTypeError } from '../../common/errors/domain-error';
import { ApiProblems } from '../../common/openapi/problems';
import { WebhookReceiptResponse } from './dto/presence.dto';
import { LivekitWebhooksService } from './livekit-webhooks.service';

/** The media type LiveKit posts its webhooks with; the body is kept as bytes (src/app.factory.ts). */
export const WEBHOOK_MEDIA_TYPE = 'application/webhook+json';

@ApiTags('video')
@Controller('webhooks')
export class LivekitWebhooksController {
  constructor(private readonly webhooks: LivekitWebhooksService) {}

  @Post('livekit')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: "LiveKit's webhook: room and participant events, verified on the exact body",
    description:
      '`Authorization` is the JWT LiveKit signs with the API key and secret, its `sha256` claim the hash of the exact ' +
      'body. Each event is kept once (a duplicate `id` changes nothing).',
  })
  @ApiConsumes(WEBHOOK_MEDIA_TYPE)
  @ApiBody({ schema: { type: 'object', description: 'A LiveKit WebhookEvent', additionalProperties: true } })
  @ApiProblems(
    { status: 401, description: 'UNAUTHORIZED: no signature, or one that does not match the body or the keys' },
    { status: 400, description: 'VALIDATION_FAILED: signed, but not a webhook event' },
    { status: 415, description: `UNSUPPORTED_MEDIA_TYPE: send ${WEBHOOK_MEDIA_TYPE}` },
  )
  @ApiOkResponse({ type: WebhookReceiptResponse })
  receive(
    @Req() req: FastifyRequest,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<WebhookReceiptResponse> {
    if (!Buffer.isBuffer(req.body)) throw new UnsupportedMediaTypeError(`LiveKit webhooks are ${WEBHOOK_MEDIA_TYPE}`);
    return this.webhooks.receive(req.body, authorization);
  }
}
