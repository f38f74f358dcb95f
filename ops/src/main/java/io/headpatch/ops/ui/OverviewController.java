package io.headpatch.ops.ui;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Workers, schedules and health: the state around the executions. */
@Controller
class OverviewController {

    private final ConsoleQueries queries;
    private final ConsoleDatabase database;

    OverviewController(ConsoleQueries queries, ConsoleDatabase database) {
        this.queries = queries;
        this.database = database;
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/workers")
    String workers(Model model) {
        model.addAttribute("workers", queries.workers());
        return "workers";
    }

    @GetMapping("/schedules")
    String schedules(Model model) {
        model.addAttribute("schedules", queries.schedules());
        return "schedules";
    }

    @GetMapping("/health")
    String health(Model model) {
        model.addAttribute("database", database.description());
        model.addAttribute("embedded", database.embedded());
        try {
            model.addAttribute("serverVersion", queries.serverVersion());
            model.addAttribute("schemaVersion", queries.schemaVersion());
            model.addAttribute("reachable", true);
        } catch (RuntimeException e) {
            model.addAttribute("reachable", false);
            model.addAttribute("problem", ActionRunner.message(e));
        }
        return "health";
    }
}
