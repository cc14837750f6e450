package com.hotelchat.domain;

import java.util.List;

/**
 * A template a message was sent as: its name and language at WhatsApp and the values its parameters got (header's,
 * then body's, in the order they appear). The message's content is the text the guest reads.
 */
public record TemplateUse(String name, String language, List<String> headerParameters, List<String> parameters) {

    public TemplateUse {
        headerParameters = headerParameters == null ? List.of() : List.copyOf(headerParameters);
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }
}
