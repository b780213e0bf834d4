package dev.breaker.sample.inventory;

/**
 * The stock of one SKU, as the inventory service reported it.
 *
 * @param available units in stock
 */
public record StockLevel(String sku, int available) {
}
