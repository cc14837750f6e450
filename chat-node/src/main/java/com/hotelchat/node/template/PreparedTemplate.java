package com.hotelchat.node.template;

import com.hotelchat.domain.TemplateUse;

/**
 * A template with every parameter filled: {@code text} as the guest reads it (the message's content), {@code use} what
 * the message shows of the template, {@code cloudTemplate} the Cloud API's template object (JSON) the outbox sends.
 */
public record PreparedTemplate(String text, TemplateUse use, String cloudTemplate) {}
