package com.hotelchat.bus;

import org.junit.jupiter.api.AfterEach;

class InProcessBusTest extends BusContract {

    private final InProcessBus bus = new InProcessBus();

    @Override
    protected Bus node(int index) {
        return bus;
    }

    @AfterEach
    void close() {
        bus.close();
    }
}
