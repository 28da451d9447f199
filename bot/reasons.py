"""Why a message waits for a person, in plain words, with what to do: the one table.

Every reason code the pipeline writes on a ledger row (`Inbound.reasons`) has its entry
here; codes with a detail after a colon (`unsure:representative.email`,
`ocr_timeout:scan.pdf`, `undeliverable:a@b.example`) are looked up by their first part and
the detail is put into the words. The review page shows `explain(code)`.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    code: str
    text: str  # what happened, in plain words
    todo: str  # what the officer does about it


# code: (what happened, what to do). "{detail}" is the part after the colon.
TABLE: dict[str, tuple[str, str]] = {
    # What the message is.
    "inquiry": ("The sender asks a question; there is no nomination to record.",
                "Answer with “Write to the sender” (hotel list, visa letter, remote link, documents, "
                "interpretation or a free reply), then ignore the item."),
    "amendment_without_record": ("The message changes a nomination, but this State has no nomination on record yet.",
                                 "Look for the original nomination in All mail; record the people as they now "
                                 "stand, or ask the sender for the complete nomination."),
    "withdrawal_without_record": ("The message withdraws a participant, but this State has nobody on record.",
                                  "Check All mail for an earlier nomination under another address; if there is "
                                  "none, ignore the item."),
    "amendment_without_nomination": ("A change to a nomination we never received.",
                                     "Ask the sender for the nomination itself, or record the people as approved."),
    "withdrawal_without_nomination": ("A withdrawal for a delegation that nominated nobody.",
                                      "Check the delegation's history; if nothing is on record, ignore the item."),
    "organization": ("The sender is an organization, not a member State.",
                     "Check the organization is invited as an observer, set its name, then approve or reject."),
    # Who sent it.
    "no_member_state": ("The bot could not tell which member State sent this.",
                        "Read the letterhead or signature and type the State's two-letter code in “Member State”; "
                        "if the mail is not about the meeting, ignore it."),
    "not_member_state": ("The State named is not an ILO member State.",
                         "Check the letter; correct the code, or reject the nomination."),
    "member_state_unchecked": ("The member States list could not be read, so the State was not checked.",
                               "Check the code against the list of member States, then approve."),
    "member_state_conflict": ("The letter points to two different member States.",
                              "Read the letterhead and the signature and keep the right State."),
    "other_sender_domain": ("The mail comes from another domain than this delegation's earlier mail.",
                            "Make sure the sender speaks for the government (a ministry or the mission) "
                            "before approving."),
    "thread_state_mismatch": ("The answer is in a thread of another member State.",
                              "Check which State this is about and correct the code."),
    "auth_failed": ("Our mail server could not verify the sender ({detail}).",
                    "The mail may be forged: confirm with the mission by another channel before recording it."),
    "unassigned_address": ("The letter gives an e-mail address that belongs to no participant.",
                           "Read the letter: a participant was probably misread. Correct the people, then approve."),
    # What was read.
    "unsure": ("The bot is not sure of {detail}.",
               "Check the highlighted words in the letter and correct the field if needed."),
    "invalid": ("{Detail} is not valid.",
                "Correct the address from the letter, or ask the sender for it."),
    "conflicting_readings": ("The message gives the same person twice with different details.",
                             "Keep the details the letter means (usually the attachment's) and approve."),
    "conditional_attendance": ("Attendance is given with a condition (“if the visa arrives”, “probably”).",
                               "Record it as said, or ask the sender to confirm the mode of attendance."),
    "attachment_unread": ("The letter is in an attachment the bot could not read.",
                          "Open the attachment and type the participants in the form."),
    "attachment_unreadable": ("The attachment {detail} could not be read.",
                              "Open it yourself; if it does not open either, ask the sender to send it again."),
    "ocr_timeout": ("Reading the scanned attachment {detail} took too long.",
                    "Open the scan and type the participants in the form."),
    "ocr_pages_truncated": ("Only the first pages of {detail} were read.",
                            "Open the attachment and check the later pages for further participants."),
    "ocr_error": ("Text recognition failed on {detail}.", "Open the scan and type the participants in the form."),
    "attachment_truncated": ("Only the beginning of {detail} was read (it is very long).",
                             "Open the attachment and check the rest for further participants."),
    "attachment_unsupported": ("The attachment {detail} is of a kind the bot does not read.",
                               "Open it yourself and type the participants in the form."),
    "read_error": ("Part of the message could not be read ({detail}).", "Open the original (.eml) and read it there."),
    "mime_defect": ("The message is malformed ({detail}); some parts may be missing.",
                    "Check the original (.eml); ask the sender to send it again if parts are missing."),
    "ocr_too_large": ("The scanned attachment {detail} is too large to read safely (too many pixels).",
                      "Open the scan and type the participants in the form."),
    "ocr_unknown_size": ("The size of the image {detail} could not be told, so it was not read.",
                         "Open the attachment and type the participants in the form."),
    "text_truncated": ("The message is longer than the bot reads; only its beginning was read.",
                       "Open the original (.eml) and check the rest for participants."),
    "over_budget": ("Reading this message took more {detail} than the meeting allows; it was not read.",
                    "Open the original (.eml) and type the participants; it may be built to stall the bot."),
    "too_deep": ("The message nests attachments too deeply to read them all.",
                 "Open the original (.eml) and read the inner messages there."),
    "too_large": ("The message is larger than the bot reads.", "Open the original (.eml) and read it there."),
    "too_many_parts": ("The message has more parts than the bot reads.", "Open the original (.eml) and read it there."),
    "unparseable": ("The message could not be read at all.", "Open the original (.eml); ask the sender to send it again."),
    "ocr_unavailable": ("Text recognition is not installed, so scanned letters were not read.",
                        "Open the scan and type the participants; tell the administrator."),
    # The conversation rules (bot/conversation.py): a change to a delegation on record is held.
    "not_authenticated": ("Our mail server does not vouch for the sender's domain (no DKIM or DMARC pass for it), "
                          "so a change to the delegation is not applied alone.",
                          "Confirm the change with the ministry or the mission by another channel, then approve."),
    "delegation_under_review": ("The delegation's first letter is still waiting for a person.",
                                "Decide that item first, then this one."),
    "ambiguous_person": ("A name in the message fits more than one person on record ({detail}).",
                         "Read the message and correct the people it means."),
    "replacement_of_unknown_person": ("The message replaces someone who is not on record ({detail}).",
                                      "Check the delegation's history and correct the people."),
    "replacement_person_unread": ("The message announces a replacement but the new person could not be read.",
                                  "Read the letter and enter the new person."),
    "replacement_unclear": ("It is not clear who replaces whom.", "Read the message and correct the people."),
    "replacement_role_unclear": ("The replacement names another role than the replaced person's.",
                                 "Check the roles and correct them."),
    "name_not_respelt": ("The message corrects the {detail}'s name to one that is not the same name respelt: "
                         "it may be another person.",
                         "Read the message; correct the name, or record a replacement if it is another person."),
    "unclear_person": ("It is not clear which person on record the statement is about ({detail}).",
                       "Read the message and apply the change to the right person."),
    "withdrawal_of_unknown_person": ("The message withdraws someone who is not on record ({detail}).",
                                     "Check the delegation's history; withdraw the right person or ignore the item."),
    "capacity_unclear": ("The letter names a representative and an observer: it does not say whether the government "
                         "takes part as a member or as an observer.",
                         "Read the letter; set the capacity and the roles, or ask the sender."),
    "capacity_change_unclear": ("The change of capacity does not say what becomes of every person on record.",
                                "Ask the sender, or set the people as they now stand."),
    "conflicting_statements": ("The message says two different things about the same item.",
                               "Read the message and keep what it means, or ask the sender."),
    "no_change_read": ("The message concerns a delegation on record but no change could be read from it.",
                       "Read it: answer the sender, apply the change by hand, or ignore it."),
    # The confirmation gate (bot/gate.py): a value a reply would quote failed its own check.
    "name_shape": ("The {detail}'s name does not look like a person's name (an honorific, a role word, a verb "
                   "or stray characters were read with it).", "Correct the name from the letter, then approve."),
    "name_cut": ("The {detail}'s name seems cut short: the letter goes on writing it.",
                 "Correct the name from the letter, then approve."),
    "name_is_signatory": ("The {detail} read is the person who signed the letter, who does not say they nominate "
                          "themselves.", "Check who is nominated and correct the people."),
    "name_is_cc": ("The {detail} read is an official copied on the message.", "Check who is nominated and correct the people."),
    "title_shape": ("The {detail}'s title does not look like a post (a phrase of the letter, the meeting's name, a "
                    "link, cut short, or scan noise).", "Correct the title from the letter, then approve."),
    "email_shape": ("The {detail}'s e-mail address is not well formed.", "Correct it from the letter, or ask the sender."),
    "email_unrelated": ("The {detail}'s address belongs neither to the sender's domain, nor to a government domain "
                        "of the State, nor visibly to the person.", "Make sure it is the person's own address before approving."),
    "ocr_low_confidence": ("A value of the {detail} was read from a scan with low confidence.",
                           "Compare the highlighted value with the scan and correct it."),
    "attendance_unstated": ("The {detail}'s attendance is not written where the bot read it.",
                            "Check whether the person attends in person or remotely."),
    "not_grounded": ("A value of the {detail} is not written where the bot says it found it.",
                     "Check the fields against the original."),
    "role_unstated": ("The letter never names the role recorded for the {detail}.", "Check the role and correct it."),
    "role_unread": ("The letter gives someone the role of {detail}, but nobody was read in that role.",
                    "Read the letter and add the person."),
    "person_unread": ("The letter names a person who was not read as a participant.",
                      "Read the letter and add or correct the people before anything is sent."),
    "other_meeting": ("The letter seems to be about another meeting (its name, dates or year differ from this one's).",
                      "Check which meeting it answers; reject with a reply if it is another one."),
    "provisional": ("The letter says the nomination is provisional, pending or to be confirmed.",
                    "Wait for the final nomination, or approve if the letter is final after all."),
    "request": ("The letter asks for something only a person can see to (a visa and its invitation letter, a hotel).",
                "Answer it with “Write to the sender”, then decide the nomination."),
    "question": ("The letter asks the secretariat a question.", "Answer with “Write to the sender”, then decide the nomination."),
    "self_correction": ("The letter corrects something it said earlier (an address, a name).",
                        "Check that the values recorded are the corrected ones, then approve."),
    # Rules of the meeting.
    "late": ("The nomination arrived after the deadline.",
             "Late nominations need the secretariat's agreement: approve if accepted, otherwise reject "
             "with a reply."),
    "over_quota": ("The State nominates more people than its quota allows.",
                   "Keep the people the State wants within the quota, or ask which ones to keep."),
    "accessibility_request": ("The sender asks for accessibility support.",
                              "Forward the request to the accessibility address, then record the nomination."),
    "duplicate_of_pending": ("The same nomination again, while the first one still waits for missing items.",
                             "Check what changed and approve; the first one is replaced."),
    "decided_by_person": ("An officer already decided this delegation by hand.",
                          "Look at the delegation's history before the bot's reading replaces anything."),
    "no_delegation": ("The bot would reply, but nothing was recorded for a delegation.",
                      "Set the member State or organization, then approve."),
    # Why no automatic reply may go.
    "reply_withheld": ("Recorded, but no automatic reply may go ({detail}).",
                       "Read it and send the reply yourself if one is due."),
    "undeliverable": ("Mail to {detail} came back undeliverable.",
                      "Find a working address (the mission, the ministry) and correct the participant's e-mail."),
    "rate_limited": ("This address has had the most automatic replies an hour allows.",
                     "Answer by hand if needed; it is often a loop between two robots."),
    "address_undeliverable": ("Our earlier mail to this address bounced.", "Use another address to answer."),
    "old_backlog": ("The mail waited in the mailbox a long time before the bot saw it.",
                    "Check it is still current, then answer by hand."),
    "own_address": ("The mail comes from one of our own addresses.", "Usually nothing to do: ignore it."),
    "own_message": ("The mail is one of our own replies coming back.", "Ignore it."),
    "machine_sender": ("The sender is a machine (no-reply, mailer-daemon).", "Ignore it unless it says something useful."),
    "mailing_list": ("The mail comes from a mailing list.", "Ignore it unless it is about the meeting."),
    "auto_submitted": ("The mail was sent automatically.", "Ignore it unless it is about the meeting."),
    "autoreply_header": ("The mail is an automatic answer.", "Ignore it; note any new contact it gives."),
    "suppress_auto_response": ("The sender asks not to be answered automatically.", "Answer by hand if needed."),
    "null_return_path": ("The mail has no return address.", "Nothing can be answered: ignore it."),
    "no_sender": ("The mail has no sender address.", "Nothing can be answered: ignore it."),
    "delivery_report": ("A delivery report from a mail server.", "Check which of our replies failed, then ignore it."),
    "precedence": ("The mail is marked as bulk or list mail ({detail}).", "Ignore it unless it is about the meeting."),
    "(none)": ("The bot gave no reason.", "Read the message and decide."),
}

_ROLE_FIELD = {"name": "name", "title": "title", "email": "e-mail address", "attendance": "mode of attendance",
               "gender": "gender", "role": "role", "member_state": "member State"}


def _detail(code: str, detail: str) -> str:
    if code in ("unsure", "invalid") and detail:
        role, _, field = detail.partition(".")
        if not field:
            return f"the {_ROLE_FIELD.get(role, role)}"
        return f"the {role}'s {_ROLE_FIELD.get(field, field)}"
    return detail


def explain(code: str) -> Reason:
    """The plain words for a reason code, with what to do; an unknown code is shown as is."""
    code = str(code or "(none)")
    head, _, detail = code.partition(":")
    if head.startswith("precedence_"):
        head, detail = "precedence", head.removeprefix("precedence_")
    entry = TABLE.get(code) or TABLE.get(head)
    if entry is None:
        return Reason(code, code.replace("_", " ").capitalize() + ".", "Read the message and decide.")
    text, todo = entry
    words = _detail(head, detail)
    words = words or "it"
    text = text.replace("{Detail}", words[:1].upper() + words[1:]).replace("{detail}", words)
    return Reason(code, text.replace(" (it)", ""), todo.replace("{detail}", words))
