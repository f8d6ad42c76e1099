"""What insight keeps of each event, and how a journey tells it in Korean and in English.

`facts` is an allow-list: only these payload fields enter insight, so nothing personal does
(founders, birth dates, contacts, reviewers' names, addresses, free-text answers stay with
their producers). A template names facts in braces; `summaries.summarize` fills them.
"""

from dataclasses import dataclass

from relay_contracts import growth, incubation, intake

STARTUP = "startup_id"


@dataclass(frozen=True)
class EventView:
    """The journey's view of one event type."""

    record: str  # payload field holding the id of the record it changed in its producer
    facts: tuple[str, ...]
    institutions: tuple[str, ...]  # facts naming institutions that held the startup
    ko: str
    en: str


_PROFILE = ("university_id", "company_name", "stage", "sector", "desired_district", "youth")
_GRANT = ("grant_id", "program_id", "kind", "amount_krw", "period_start", "period_end")
# `outcomes`: the same figures in the one vocabulary, from producers that send it.
_SNAPSHOT = ("as_of", "employees", "revenue_krw", "investment_raised_krw", "operating", "outcomes")

CATALOG: dict[str, EventView] = {
    intake.StartupSubmitted.topic: EventView(
        "submission_id",
        (*_PROFILE, "submitted_on"),
        ("university_id",),
        "{university_id} 접수: {company_name} ({stage})",
        "{university_id} submitted {company_name} as {stage}",
    ),
    intake.DuplicateDetected.topic: EventView(
        "submission_id",
        ("university_id", "matched_on", "existing_university_ids"),
        ("university_id", "existing_university_ids"),
        "{university_id} 중복 접수, 기존 기업에 연결 ({matched_on})",
        "{university_id}'s duplicate submission linked to the known startup ({matched_on})",
    ),
    intake.StartupsMerged.topic: EventView(
        "merged_id",
        ("survivor_id", "merged_id", "reason"),
        (),
        "병합: {merged_id} → {survivor_id} ({reason})",
        "{merged_id} merged into {survivor_id}: {reason}",
    ),
    intake.ScreeningCompleted.topic: EventView(
        STARTUP,
        ("university_id", "rubric_id", "rubric_version", "weighted_total"),
        ("university_id",),
        "{university_id} 심사 완료: 총점 {weighted_total}",
        "{university_id} screened it: total {weighted_total}",
    ),
    intake.StartupAdmitted.topic: EventView(
        STARTUP,
        ("university_id", "weighted_total"),
        ("university_id",),
        "{university_id} 보육 선정",
        "{university_id} admitted it into nurturing",
    ),
    intake.StartupRejected.topic: EventView(
        STARTUP,
        ("university_id", "reason"),
        ("university_id",),
        "{university_id} 미선정: {reason}",
        "{university_id} rejected it: {reason}",
    ),
    intake.ProgramEnrolled.topic: EventView(
        "program_id",
        ("university_id", "program_id", "kind"),
        ("university_id",),
        "{university_id} {kind} 프로그램 참여 ({program_id})",
        "enrolled in {university_id}'s {kind} program ({program_id})",
    ),
    intake.MilestoneReached.topic: EventView(
        STARTUP,
        ("university_id", "milestone", "reached_on"),
        ("university_id",),
        "성과 달성: {milestone} ({reached_on})",
        "reached a milestone: {milestone} ({reached_on})",
    ),
    intake.StartupRegistered.topic: EventView(
        STARTUP,
        ("university_id", "registered_on"),
        ("university_id",),
        "사업자 등록 ({registered_on}): 예비창업에서 초기창업으로",
        "registered its company ({registered_on}): pre-startup to early startup",
    ),
    intake.StartupGraduated.topic: EventView(
        STARTUP,
        _PROFILE,
        ("university_id",),
        "{university_id} 졸업, {desired_district} 정착 희망",
        "graduated from {university_id}, wants to settle in {desired_district}",
    ),
    incubation.SettlementCaseOpened.topic: EventView(
        "case_id",
        ("district_id", "university_id", "company_name", "sector", "referred_by"),
        ("district_id", "university_id", "referred_by"),
        "{district_id} 정착 심사 시작",
        "{district_id} opened a settlement case",
    ),
    incubation.SettlementApproved.topic: EventView(
        "case_id",
        ("district_id", "facility_id", "unit_label", "start_date"),
        ("district_id",),
        "{district_id} 입주 승인: {facility_id} {unit_label} ({start_date}부터)",
        "{district_id} approved settlement: {facility_id} {unit_label} from {start_date}",
    ),
    incubation.SettlementDeclined.topic: EventView(
        "case_id",
        ("district_id", "reason"),
        ("district_id",),
        "{district_id} 입주 거절: {reason}",
        "{district_id} declined settlement: {reason}",
    ),
    incubation.StartupReferred.topic: EventView(
        "case_id",
        ("from_district_id", "to_district_id", "university_id", "reason"),
        ("from_district_id", "to_district_id", "university_id"),
        "{from_district_id} → {to_district_id} 연계: {reason}",
        "{from_district_id} referred it to {to_district_id}: {reason}",
    ),
    incubation.StartupReturnedToUniversity.topic: EventView(
        "case_id",
        ("district_id", "university_id", "reason"),
        ("district_id", "university_id"),
        "{district_id} → {university_id} 반환: {reason}",
        "{district_id} returned it to {university_id}: {reason}",
    ),
    incubation.StartupSettled.topic: EventView(
        "case_id",
        ("district_id", "moved_in_on", "minimum_stay_months"),
        ("district_id",),
        "{district_id} 입주 완료 ({moved_in_on}, 최소 {minimum_stay_months}개월)",
        "settled in {district_id} ({moved_in_on}, at least {minimum_stay_months} months)",
    ),
    incubation.SupportGranted.topic: EventView(
        "grant_id",
        (*_GRANT, "institution_id"),
        ("institution_id",),
        "{institution_id} 지원: {kind} {amount_krw}",
        "{institution_id} granted {kind}: {amount_krw}",
    ),
    incubation.GrowthSnapshotRecorded.topic: EventView(
        STARTUP,
        ("district_id", *_SNAPSHOT, "ip_filed", "ip_registered"),
        ("district_id",),
        "{district_id} 성과 기록 ({as_of}): 고용 {employees}명, 매출 {revenue_krw}",
        "{district_id} recorded KPIs ({as_of}): {employees} employees, revenue {revenue_krw}",
    ),
    incubation.GrowthHandoffOffered.topic: EventView(
        "handoff_id",
        ("district_id", "agency_id", "needs", "expires_at", "attempt"),
        ("district_id", "agency_id"),
        "{district_id} → {agency_id} 도약 지원 연계 제안 ({attempt}차)",
        "{district_id} offered it to {agency_id} for leap-stage support (attempt {attempt})",
    ),
    incubation.GrowthHandoffExpired.topic: EventView(
        "handoff_id",
        ("agency_id",),
        ("agency_id",),
        "{agency_id} 미응답으로 연계 제안 만료",
        "the offer to {agency_id} lapsed unanswered",
    ),
    growth.GrowthHandoffAccepted.topic: EventView(
        "handoff_id",
        ("agency_id",),
        ("agency_id",),
        "{agency_id} 연계 수락",
        "{agency_id} accepted the handoff",
    ),
    growth.GrowthHandoffDeclined.topic: EventView(
        "handoff_id",
        ("agency_id", "reason"),
        ("agency_id",),
        "{agency_id} 연계 거절: {reason}",
        "{agency_id} declined the handoff: {reason}",
    ),
    growth.LeapProgramEnrolled.topic: EventView(
        "cohort_id",
        ("agency_id", "program_id", "cohort_id", "kind"),
        ("agency_id",),
        "{agency_id} {kind} 프로그램 참여 ({program_id})",
        "enrolled in {agency_id}'s {kind} program ({program_id})",
    ),
    growth.LeapProgramCompleted.topic: EventView(
        "cohort_id",
        ("agency_id", "program_id", "cohort_id", "outcome"),
        ("agency_id",),
        "{agency_id} 프로그램 수료 ({program_id}): {outcome}",
        "completed {agency_id}'s program {program_id}: {outcome}",
    ),
    growth.SupportGranted.topic: EventView(
        "grant_id",
        (*_GRANT, "institution_id"),
        ("institution_id",),
        "{institution_id} 지원: {kind} {amount_krw}",
        "{institution_id} granted {kind}: {amount_krw}",
    ),
    growth.OpenInnovationOutcomeRecorded.topic: EventView(
        "need_id",
        ("need_id", "firm_id", "outcome", "met_on"),
        (),
        "오픈이노베이션 {firm_id}: {outcome} ({met_on})",
        "open innovation with {firm_id}: {outcome} ({met_on})",
    ),
    growth.OutcomeSnapshotRecorded.topic: EventView(
        STARTUP,
        ("agency_id", *_SNAPSHOT, "ip_registered", "exports_krw", "gazelle"),
        ("agency_id",),
        "{agency_id} 성과 기록 ({as_of}): 고용 {employees}명, 매출 {revenue_krw}",
        "{agency_id} recorded KPIs ({as_of}): {employees} employees, revenue {revenue_krw}",
    ),
    growth.DifficultyRaised.topic: EventView(
        "ticket_id",
        ("ticket_id", "category", "routed_to"),
        ("routed_to",),
        "애로사항 접수 ({category}), {routed_to} 담당",
        "difficulty raised ({category}), routed to {routed_to}",
    ),
    growth.DifficultyResolved.topic: EventView(
        "ticket_id",
        ("ticket_id", "answered_by"),
        ("answered_by",),
        "{answered_by} 애로사항 답변 완료",
        "{answered_by} answered the difficulty",
    ),
}
