/**
 * Every platform the agency tool configures. A client file for another pair of platforms
 * (Cloudshelf ⇄ Centra here; Shopify ⇄ Linnworks next) needs the missing platform's part in this
 * list, not new branches in client-config.ts.
 */
import type { PlatformPart } from '../part';
import { centraPart } from './centra';
import { cloudshelfPart } from './cloudshelf';
import { linnworksPart } from './linnworks';

export const PLATFORMS: readonly PlatformPart[] = [linnworksPart, cloudshelfPart, centraPart];
