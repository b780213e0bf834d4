package dev.breaker.sample.inventory;

import dev.breaker.sample.DownstreamClient;
import org.springframework.stereotype.Service;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;

/**
 * Asks the inventory service for stock levels, with no annotation and no fallback: the {@code RestClient} comes
 * from Boot's {@code RestClient.Builder}, to which {@code breaker.http.enabled} adds the host breakers, and
 * {@code breaker.http.hosts} sends these calls to the breaker {@code inventory}. A failure reaches the caller as
 * the client's exception; a call the open breaker refuses, as {@code CallNotPermittedException}.
 */
@Service
public class InventoryService {

    private final SingletonSupplier<RestClient> client;

    public InventoryService(RestClient.Builder builder, DownstreamClient downstream) {
        // Built at first use, like DownstreamClient's: the simulated service's port is known once the server runs.
        this.client = SingletonSupplier.of(() -> downstream.configure(builder).build());
    }

    public StockLevel stock(String sku) {
        StockLevel stock = client.obtain().get().uri("/inventory/{sku}", sku).retrieve().body(StockLevel.class);
        if (stock == null) {
            throw new IllegalStateException("The inventory service answered without a stock level");
        }
        return stock;
    }
}
