/** One demo catalogue shared by every sandbox, so demo data lines up across platforms. */
const COLOURS = ['BLACK', 'WHITE', 'NAVY', 'RED', 'GREEN', 'GREY'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL'];
const STYLES: Record<string, number> = {
	TEE: 19,
	HOODIE: 49,
	CHINO: 45,
	JACKET: 120,
	SOCK: 6,
	CAP: 15,
	SCARF: 25,
	POLO: 29,
	SHORT: 30,
	DRESS: 65,
};

export interface DemoItem {
	sku: string;
	/** Style-colour: the product the size variants belong to. */
	productKey: string;
	productName: string;
	variantName: string;
	price: number;
}

/** 300 SKUs: 10 styles × 6 colours × 5 sizes. */
export const DEMO_CATALOGUE: DemoItem[] = Object.entries(STYLES).flatMap(([style, price]) =>
	COLOURS.flatMap((colour) =>
		SIZES.map((size) => ({
			sku: `${style}-${colour}-${size}`,
			productKey: `${style}-${colour}`,
			productName: `${style[0]}${style.slice(1).toLowerCase()} ${colour.toLowerCase()}`,
			variantName: size,
			price: price - 0.01,
		})),
	),
);

/** Stores and the warehouse: their Linnworks location names and Cloudshelf location keys. */
export const DEMO_LOCATIONS = [
	{ name: 'London Warehouse', key: 'london-warehouse', fulfillsOnlineOrders: true },
	{ name: 'Oxford Street', key: 'oxford-street', fulfillsOnlineOrders: false },
	{ name: 'Manchester Arndale', key: 'manchester-arndale', fulfillsOnlineOrders: false },
];
