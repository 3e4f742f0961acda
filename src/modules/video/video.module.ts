import { Module } from '@nestjs/common';
import { OutboxModule } from '../../platform/outbox/outbox.module';
import { RateLimitModule } from '../../platform/rate-limit/rate-limit.module';
import { InvitationsController, JoinController } from './invitations.controller';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { LivekitRooms } from './livekit-rooms';
import { LivekitWebhooksController } from './livekit-webhooks.controller';
import { LivekitWebhooksService } from './livekit-webhooks.service';
import { VideoJobsService } from './video-jobs.service';
import { VideoPresenceRepository } from './video-presence.repository';
import { VideoPresenceService } from './video-presence.service';
import { VideoController } from './video.controller';
import { VideoRepository } from './video.repository';
import { VideoService } from './video.service';

/** Each hearing's LiveKit room: tokens with each role's rights, the live state the judge runs, presence from webhooks. */
@Module({
  imports: [RateLimitModule, OutboxModule],
  controllers: [VideoController, LivekitWebhooksController, InvitationsController, JoinController],
  providers: [
    VideoRepository,
    VideoService,
    VideoPresenceRepository,
    VideoPresenceService,
    LivekitWebhooksService,
    InvitationsRepository,
    InvitationsService,
    LivekitRooms,
    VideoJobsService,
  ],
  exports: [VideoService, InvitationsRepository],
})
export class VideoModule {}
