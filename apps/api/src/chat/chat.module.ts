import { Module } from '@nestjs/common';
import { ChatController } from './chat.controller';
import { ChatService } from './chat.service';
import { ChatSockets } from './chat.sockets';

@Module({ controllers: [ChatController], providers: [ChatService, ChatSockets], exports: [ChatService] })
export class ChatModule {}
