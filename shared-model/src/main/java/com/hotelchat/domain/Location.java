package com.hotelchat.domain;

/** A place a guest shared; {@code name} and {@code address} are optional. */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record Location(double latitude, double longitude, String name, String address) {

    public boolean valid() {
        return Double.isFinite(latitude) && Double.isFinite(longitude)
                && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
    }
}
