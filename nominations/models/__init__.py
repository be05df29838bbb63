"""Editions, categories, stages and rounds; employers and their compliance;
candidates, their dossiers and interviews."""

from nominations.models.candidates import Candidate, CandidateStep
from nominations.models.dossiers import (
    Aspect,
    EvidenceFile,
    Innovation,
    Regulation,
    Verification,
    VerificationStep,
)
from nominations.models.editions import (
    NATIONAL_KINDS,
    PROVINCIAL_KINDS,
    REGION_SUBJECTS,
    Category,
    Edition,
    ProvincialRound,
    RoundStage,
    RoundStep,
    Scale,
    Sector,
    Stage,
    SubjectType,
)
from nominations.models.employers import PROGRAMMES, Employer, EmployerCompliance
from nominations.models.interviews import MAX_REPRESENTATIVES, Interview, InterviewSlot

__all__ = [
    "MAX_REPRESENTATIVES",
    "NATIONAL_KINDS",
    "PROGRAMMES",
    "PROVINCIAL_KINDS",
    "REGION_SUBJECTS",
    "Aspect",
    "Candidate",
    "CandidateStep",
    "Category",
    "Edition",
    "Employer",
    "EmployerCompliance",
    "EvidenceFile",
    "Innovation",
    "Interview",
    "InterviewSlot",
    "ProvincialRound",
    "Regulation",
    "RoundStage",
    "RoundStep",
    "Scale",
    "Sector",
    "Stage",
    "SubjectType",
    "Verification",
    "VerificationStep",
]
