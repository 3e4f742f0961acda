import { Module } from '@nestjs/common';
import { VideoController } from './video.controller';
import { VideoRepository } from './video.repository';
import { VideoService } from './video.service';

/** Each hearing's LiveKit room: tokens with each role's rights, the live state the judge runs. */
@Module({
  controllers: [VideoController],
  providers: [VideoRepository, VideoService],
  exports: [VideoService],
})
export class VideoModule {}
