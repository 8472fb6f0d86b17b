/**
 * The test CA the Shopify simulator's HTTPS proxy terminates TLS with, made at run time: a
 * self-signed CA and one leaf for `*.myshopify.com` (and `myshopify.com`) signed by it. The RSA keys
 * are Node's own (crypto.generateKeyPairSync): Node's are faster than node-forge's;
 * node-forge only builds and signs the certificates, which Node cannot. Nothing is
 * written to disk unless asked (`writeCaFile`, for NODE_EXTRA_CA_CERTS).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import forge from 'node-forge';

export interface TestCertificates {
	/** The CA certificate clients trust (PEM). */
	caPem: string;
	/** The `*.myshopify.com` certificate, then the CA (PEM chain). */
	certPem: string;
	keyPem: string;
}

/**
 * A random 16-byte serial whose first byte is 0x01–0x7f: positive without a leading zero byte.
 * DER integers must be minimal; a leading 0x00 before a byte below 0x80 is refused by OpenSSL 3
 * ("asn1 encoding routines::illegal padding"), which the earlier `0` + hex serial produced about
 * once in 200 certificates and failed a CI run.
 */
function serial(): string {
	const bytes = randomBytes(16);
	bytes[0] = (bytes[0] & 0x7f) | 0x01;
	return bytes.toString('hex');
}

function validity(certificate: forge.pki.Certificate): void {
	certificate.validity.notBefore = new Date(Date.now() - 24 * 3600_000);
	certificate.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
}

/** A 2048-bit RSA key pair made by Node, as PEM and as node-forge keys. */
function rsaKeys() {
	const { privateKey, publicKey } = generateKeyPairSync('rsa', {
		modulusLength: 2048,
		publicKeyEncoding: { type: 'spki', format: 'pem' },
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	});
	return {
		privateKeyPem: privateKey,
		privateKey: forge.pki.privateKeyFromPem(privateKey),
		publicKey: forge.pki.publicKeyFromPem(publicKey),
	};
}

/** A fresh CA and `*.myshopify.com` leaf (2048-bit RSA, SHA-256). */
export function makeTestCertificates(): TestCertificates {
	const caKeys = rsaKeys();
	const ca = forge.pki.createCertificate();
	ca.publicKey = caKeys.publicKey;
	ca.serialNumber = serial();
	validity(ca);
	const caName = [
		{ name: 'commonName', value: 'Retail Sync Shopify sandbox test CA' },
		{ name: 'organizationName', value: 'n8n-nodes-retail-sync sandbox' },
	];
	ca.setSubject(caName);
	ca.setIssuer(caName);
	ca.setExtensions([
		{ name: 'basicConstraints', cA: true, critical: true },
		{ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
		{ name: 'subjectKeyIdentifier' },
	]);
	ca.sign(caKeys.privateKey, forge.md.sha256.create());

	const leafKeys = rsaKeys();
	const leaf = forge.pki.createCertificate();
	leaf.publicKey = leafKeys.publicKey;
	leaf.serialNumber = serial();
	validity(leaf);
	leaf.setSubject([{ name: 'commonName', value: '*.myshopify.com' }]);
	leaf.setIssuer(caName);
	leaf.setExtensions([
		{ name: 'basicConstraints', cA: false },
		{ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
		{ name: 'extKeyUsage', serverAuth: true },
		{
			name: 'subjectAltName',
			altNames: [
				{ type: 2, value: '*.myshopify.com' },
				{ type: 2, value: 'myshopify.com' },
			],
		},
		{ name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
	]);
	leaf.sign(caKeys.privateKey, forge.md.sha256.create());

	const caPem = forge.pki.certificateToPem(ca);
	return {
		caPem,
		certPem: forge.pki.certificateToPem(leaf) + caPem,
		keyPem: leafKeys.privateKeyPem,
	};
}

/** Writes the CA PEM to `path` (for NODE_EXTRA_CA_CERTS) and returns the path. */
export function writeCaFile(certificates: TestCertificates, path: string): string {
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(path, certificates.caPem);
	return path;
}
