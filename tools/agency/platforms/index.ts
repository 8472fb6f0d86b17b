/**
 * Every platform the agency tool configures. A client file for another pair of platforms
 * (Cloudshelf ⇄ Centra, Cloudshelf ⇄ commercetools, Cloudshelf ⇄ Stokly and Shopify ⇄ Linnworks
 * here) needs the missing platform's part in this list, not new branches in
 * client-config.ts.
 */
import type { PlatformPart } from '../part';
import { centraPart } from './centra';
import { cloudshelfPart } from './cloudshelf';
import { commercetoolsPart } from './commercetools';
import { linnworksPart } from './linnworks';
import { shopifyPart } from './shopify';
import { stoklyPart } from './stokly';

export const PLATFORMS: readonly PlatformPart[] = [
	linnworksPart,
	cloudshelfPart,
	centraPart,
	commercetoolsPart,
	stoklyPart,
	shopifyPart,
];
