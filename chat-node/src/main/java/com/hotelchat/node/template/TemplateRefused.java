package com.hotelchat.node.template;

/** A template that cannot be sent as asked, with a sentence the staff member can act on. Nothing was stored. */
public final class TemplateRefused extends RuntimeException {

    public TemplateRefused(String reason) {
        super(reason, null, false, false);
    }
}
