package com.hotelchat.db.template;

import com.hotelchat.db.Database;
import com.hotelchat.domain.Template;
import com.hotelchat.domain.TemplateContent;
import com.hotelchat.domain.TemplatePrefill;
import java.util.List;
import java.util.Optional;

/** The WhatsApp templates the business may send (admins register, edit and import them). */
public final class Templates {

    private final Database database;

    public Templates(Database database) {
        this.database = database;
    }

    public List<Template> all() {
        return database.inTransaction(s -> s.getMapper(TemplateMapper.class).all());
    }

    public Optional<Template> find(long id) {
        return Optional.ofNullable(database.inTransaction(s -> s.getMapper(TemplateMapper.class).find(id)));
    }

    /** Empty when a template of that name and language exists already. */
    public Optional<Template> create(String name, String language, String category, String status,
                                     TemplateContent content, TemplatePrefill prefill) {
        return Optional.ofNullable(database.inTransaction(s -> s.getMapper(TemplateMapper.class)
                .insert(name, language, category, status, content, prefill, null)));
    }

    /** The template as {@code change} makes it of the stored one; empty when there is none. */
    public Optional<Template> update(long id, java.util.function.UnaryOperator<Template> change) {
        return database.inTransaction(s -> {
            TemplateMapper templates = s.getMapper(TemplateMapper.class);
            Template current = templates.find(id);
            return current == null ? Optional.empty() : Optional.of(templates.update(change.apply(current)));
        });
    }

    public boolean delete(long id) {
        return database.inTransaction(s -> s.getMapper(TemplateMapper.class).delete(id) > 0);
    }

    /** How an import went: templates added, and known ones brought up to date. */
    public record Imported(int added, int updated) {}

    /** WhatsApp's templates, in one transaction: all of them land, or none (see {@link TemplateMapper#importOne}). */
    public Imported importAll(List<Template> fromWhatsApp) {
        return database.inTransaction(s -> {
            TemplateMapper templates = s.getMapper(TemplateMapper.class);
            int added = 0;
            for (Template t : fromWhatsApp) {
                if (templates.importOne(t.name(), t.language(), t.category(), t.status(), t.content(), t.whatsappId())) {
                    added++;
                }
            }
            return new Imported(added, fromWhatsApp.size() - added);
        });
    }
}
