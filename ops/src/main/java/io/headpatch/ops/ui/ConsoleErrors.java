package io.headpatch.ops.ui;

import io.headpatch.job.JobRequestException;
import io.headpatch.ops.UserException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** A refused request (unknown execution, bad input, state conflict) as a page with the command line's one line. */
@ControllerAdvice
class ConsoleErrors {

    @ExceptionHandler(JobRequestException.class)
    String refused(JobRequestException e, HttpServletResponse response, Model model) {
        HttpStatus status = switch (e.problem()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INPUT -> HttpStatus.BAD_REQUEST;
        };
        return problem(status, e.getMessage(), response, model);
    }

    @ExceptionHandler(UserException.class)
    String userError(UserException e, HttpServletResponse response, Model model) {
        return problem(e instanceof ConsoleRefusal ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST, e.getMessage(), response, model);
    }

    private static String problem(HttpStatus status, String message, HttpServletResponse response, Model model) {
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("message", message);
        return "error";
    }
}
