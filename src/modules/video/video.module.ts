import { Module } from '@nestjs/common';
import { RateLimitModule } from '../../platform/rate-limit/rate-limit.module';
import { InvitationsController, JoinController } from './invitations.controller';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { LivekitWebhooksController } from './livekit-webhooks.controller';
import { LivekitWebhooksService } from './livekit-webhooks.service';
import { VideoPresenceRepository } from './video-presence.repository';
import { VideoPresenceService } from './video-presence.service';
import { VideoController } from './video.controller';
import { VideoRepository } from './video.repository';
import { VideoService } from './video.service';

/** Each hearing's LiveKit room: tokens with each role's rights, the live state the judge runs, presence from webhooks. */
@Module({
  imports: [RateLimitModule],
  controllers: [VideoController, LivekitWebhooksController, InvitationsController, JoinController],
  providers: [
    VideoRepository,
    VideoService,
    VideoPresenceRepository,
    VideoPresenceService,
    LivekitWebhooksService,
    InvitationsRepository,
    InvitationsService,
  ],
  exports: [VideoService],
})
export class VideoModule {}
