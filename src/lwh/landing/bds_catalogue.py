"""Every Brightspace Data Set D2L documents, with its columns and key: how `lwh land` recognises
a Brightspace delivery of a data set the project does not model (it holds it, see `routing`).

The data sets the project models are documented in the column spec
(`models/staging/brightspace/_brightspace__sources.yml`, read through `spec`); this catalogue
only names the others, so a delivery of one is told from a Learn Amp export and kept. It is
derived from D2L's published data set documentation as scraped by the MIT-licensed
mforest-gsu/d2l-datahub-cli (Copyright (c) 2023 Georgia State University), file
`schema/datasets/all.json` at commit a720db686b88821be0e94bb6acdb3d0db83b79cb (2023-11-14):
names, column names in D2L's order, and the columns D2L marks as the key. Regenerate it from a
checkout of that repository with

    .venv/bin/python -m lwh.landing.bds_catalogue path/to/d2l-datahub-cli/schema/datasets/all.json

Nothing here is read from outside the repository at run time.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path

# data set name -> (columns, key columns)
DATA_SETS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # BEGIN GENERATED
    'Accommodations Profile Log': (
        (
            'AccommodatedUserId', 'OrgUnitId', 'QuizTimeLimitMultiplier', 'QuizTimeLimitExtraTime',
            'QuizControlAlwaysAllowRightClick', 'ModifiedBy', 'LastModified',
        ),
        ('AccommodatedUserId', 'OrgUnitId', 'LastModified'),
    ),
    'Activity Exemptions Log': (
        (
            'OrgUnitId', 'UserId', 'ObjectId', 'ActivityId', 'LogTypeName', 'LastModifiedUtc', 'LastModifiedBy',
            'ActivityExemptionsLogId', 'ToolId',
        ),
        ('ActivityExemptionsLogId',),
    ),
    'Activity Feed Comment Log': (
        (
            'LogId', 'UserId', 'OrgUnitId', 'CommentId', 'Action', 'ActionDate', 'Content', 'PostId',
        ),
        ('LogId',),
    ),
    'Activity Feed Comment Objects': (
        (
            'OrgUnitId', 'CommentId', 'LastModifiedBy', 'LastModified', 'Content', 'IsDeleted', 'PostId', 'Version',
        ),
        ('CommentId',),
    ),
    'Activity Feed Post Log': (
        (
            'LogId', 'UserId', 'OrgUnitId', 'PostId', 'PostType', 'Action', 'ActionDate', 'DropboxId', 'Content',
            'CommentCount', 'AttachmentCount',
        ),
        ('LogId',),
    ),
    'Activity Feed Post Objects': (
        (
            'OrgUnitId', 'PostId', 'PostType', 'LastModifiedBy', 'LastModified', 'DropboxId', 'Content', 'IsDeleted',
            'CommentCount', 'AttachmentCount', 'Version',
        ),
        ('PostId',),
    ),
    'Announcements': (
        (
            'AnnouncementId', 'OrgUnitId', 'Title', 'StartDate', 'EndDate', 'IsGlobal', 'IsDraft', 'NumAttachments',
            'DeletedDate', 'DeletedByUserId', 'LastModified', 'LastModifiedBy', 'CreatedBy', 'IsAuthorInfoShown',
            'CreatedDate', 'ResultId',
        ),
        ('AnnouncementId',),
    ),
    'Assignment Special Access': (
        (
            'DropboxId', 'UserId', 'StartDate', 'EndDate', 'DueDate', 'ModifiedBy', 'LastModified', 'IsDeleted',
            'StartDateAvailabilityType', 'EndDateAvailabilityType',
        ),
        ('DropboxId', 'UserId'),
    ),
    'Assignment Submission Details': (
        (
            'SubmissionId', 'DropboxId', 'UserId', 'GroupId', 'NumberOfFilesSubmitted', 'TotalFileSize',
            'SubmittedByUserId', 'DateSubmitted', 'Comments', 'IsTurnItInExempt', 'IsDeleted', 'IsPreview',
        ),
        ('SubmissionId',),
    ),
    'Assignment Submissions': (
        (
            'DropboxId', 'OrgUnitId', 'SubmitterId', 'SubmitterType', 'FileSubmissionCount', 'TotalFileSize',
            'FeedbackUserId', 'FeedbackIsRead', 'Score', 'IsGraded', 'LastSubmissionDate', 'Feedback',
            'FeedbackLastModified', 'FeedbackReadDate', 'CompletionDate',
        ),
        ('DropboxId', 'SubmitterId'),
    ),
    'Assignment Summary': (
        (
            'DropboxId', 'OrgUnitId', 'Name', 'Category', 'Type', 'GradeItemId', 'PossibleScore', 'StartDate',
            'EndDate', 'DueDate', 'IsRestricted', 'IsDeleted', 'TurnItInEnabled', 'IsHidden', 'SortOrder',
            'SubmissionType', 'CompletionType', 'ResultId', 'CategoryId', 'Version', 'StartDateAvailabilityType',
            'EndDateAvailabilityType',
        ),
        ('DropboxId',),
    ),
    'Attendance Registers': (
        (
            'AttendanceRegisterId', 'OrgUnitId', 'Name', 'Description', 'SchemeId', 'IsVisible', 'IncludeAllUsers',
            'CauseForConcern', 'Version',
        ),
        ('AttendanceRegisterId',),
    ),
    'Attendance Schemes': (
        (
            'SchemeId', 'OrgUnitId', 'SchemeName', 'SchemeSymbolId', 'SymbolName', 'SymbolValue', 'Percentage',
            'Version',
        ),
        ('SchemeId', 'SchemeSymbolId'),
    ),
    'Attendance Sessions': (
        (
            'AttendanceSessionId', 'AttendanceRegisterId', 'Name', 'Description', 'SortOrder', 'Version',
        ),
        ('AttendanceSessionId',),
    ),
    'Attendance User Sessions': (
        (
            'UserId', 'AttendanceSessionId', 'SchemeSymbolId', 'LastModified', 'LastModifiedBy',
        ),
        ('UserId', 'AttendanceSessionId'),
    ),
    'Auditor Relationships Log': (
        (
            'AuditorId', 'UserToAuditId', 'OrgUnitId', 'Action', 'ModifiedBy', 'ModifiedDate',
        ),
        ('AuditorId', 'UserToAuditId', 'OrgUnitId', 'ModifiedDate'),
    ),
    'Award Objects': (
        (
            'AwardId', 'Name', 'AwardTypeId', 'Type', 'Description', 'ExpiryCalculationType', 'ExpiryNotificationType',
            'ExpiryDate', 'ImagePath', 'CreatedByUserId', 'LastModified', 'IsDeleted', 'Criteria',
        ),
        ('AwardId',),
    ),
    'Awards Issued': (
        (
            'AwardId', 'OrgUnitId', 'UserId', 'Type', 'IssuedBy', 'IssueDate', 'ExpiryDate', 'IsRevoked', 'IssuedId',
            'Credits', 'Criteria', 'Evidence',
        ),
        ('IssuedId',),
    ),
    'Calendar Events': (
        (
            'ScheduleId', 'OrgUnitId', 'UserId', 'Title', 'StartDate', 'EndDate', 'TimeZoneIdentifier', 'IsAllDayEvent',
            'RecurrenceType', 'RecurrenceInterval', 'CreatedByUserId', 'LastModified', 'EventObjectTypeName',
            'ObjectLookupId1', 'ObjectLookupId2',
        ),
        ('ScheduleId',),
    ),
    'Chat Objects': (
        (
            'ChatId', 'OrgUnitId', 'ChatType', 'Name', 'Description', 'CreatorUserId', 'LastModified',
        ),
        ('ChatId',),
    ),
    'Chat Session Log': (
        (
            'OrgUnitId', 'UserId', 'ChatSessionId', 'StartDate', 'EndDate', 'TimeSent', 'MessageId',
        ),
        ('MessageId',),
    ),
    'Checklist Category Details': (
        (
            'CategoryId', 'ChecklistId', 'Name', 'Description', 'DescriptionIsHtml', 'SortOrder', 'LastModifiedUtc',
            'DateDeleted', 'DeletedBy', 'Version',
        ),
        ('CategoryId',),
    ),
    'Checklist Completions': (
        (
            'UserId', 'DateCompleted', 'ItemId', 'LastModified',
        ),
        ('UserId', 'ItemId'),
    ),
    'Checklist Item Details': (
        (
            'ItemId', 'CategoryId', 'Name', 'Description', 'DescriptionIsHtml', 'DueDate', 'ScheduleId', 'SortOrder',
            'IsAutoChecked', 'LastModifiedUtc', 'DateDeleted', 'DeletedBy', 'Version',
        ),
        ('ItemId',),
    ),
    'Checklist Objects': (
        (
            'ChecklistId', 'OrgUnitId', 'Name', 'Description', 'DescriptionIsHtml', 'SharedUserId',
            'DisplayInNewWindow', 'SortOrder', 'Version', 'ResultId', 'DateDeleted', 'DeletedBy',
        ),
        ('ChecklistId',),
    ),
    'Competency Activities': (
        (
            'ActivityId', 'OrgUnitId', 'ActivityName', 'ActivityTypeId', 'AssessmentType', 'ObjectLookupId', 'RubricId',
            'LevelId', 'RubricCriterionId', 'AssessmentThresholdCriteria', 'AssessmentThreshold', 'IsAutoEval',
            'RubricName', 'RubricLevelRequired', 'ObjectId', 'ActivityType', 'Version',
        ),
        ('ActivityId',),
    ),
    'Competency Activity Log': (
        (
            'ActivityId', 'ActivityLogId', 'LogTypeId', 'LogTypeName', 'LogDateTime', 'ModifiedBy',
        ),
        ('ActivityId', 'ActivityLogId'),
    ),
    'Competency Activity Results': (
        (
            'ActivityId', 'OrgUnitId', 'UserId', 'LearningObjectId', 'IsAchieved', 'PercentAchieved', 'RubricScore',
            'RubricLevelAchieved', 'RubricId', 'RubricCriterionId', 'AchievedDate', 'Version',
        ),
        ('ActivityId', 'OrgUnitId', 'UserId', 'LearningObjectId'),
    ),
    'Competency Log': (
        (
            'CompetencyLogId', 'LogTypeId', 'LogTypeName', 'ObjectId', 'ObjectTypeId', 'ObjectTypeName',
            'ObjectVersion', 'LogDateTime', 'ModifiedBy', 'IndirectObjectId', 'IndirectObjectTypeName',
            'IndirectObjectTypeId', 'IndirectObjectVersion',
        ),
        ('CompetencyLogId',),
    ),
    'Competency Objects': (
        (
            'ObjectId', 'OrgUnitId', 'Name', 'Type', 'ReadyForEvaluation', 'Status', 'Description', 'NeedReevaluation',
            'ReevaluationIfAchieved', 'ReevaluationIfNotAchieved', 'AdditionalIdentifier', 'IsHidden',
        ),
        ('ObjectId',),
    ),
    'Competency Structure': (
        (
            'ObjectId', 'ParentObjectId', 'BaseObjectID', 'Depth', 'EntryTime',
        ),
        ('ObjectId', 'ParentObjectId', 'BaseObjectID', 'EntryTime'),
    ),
    'Content Files Properties Log': (
        (
            'OrgUnitId', 'ContentObjectId', 'Action', 'FilePath', 'FileName', 'FileExtension', 'FileSizeBytes',
            'UploadDate', 'LastModifiedBy', 'LastModified',
        ),
        ('OrgUnitId', 'ContentObjectId', 'LastModified'),
    ),
    'Content Objects': (
        (
            'ContentObjectId', 'OrgUnitId', 'Title', 'ContentObjectType', 'CompletionType', 'ParentContentObjectId',
            'Location', 'StartDate', 'EndDate', 'DueDate', 'ObjectId1', 'ObjectId2', 'ObjectId3', 'LastModified',
            'IsDeleted', 'SortOrder', 'Depth', 'ToolId', 'IsHidden', 'ResultId', 'DeletedDate', 'CreatedBy',
            'LastModifiedBy', 'DeletedBy',
        ),
        ('ContentObjectId',),
    ),
    'Content User Completion': (
        (
            'ContentObjectId', 'OrgUnitId', 'UserId', 'DateCompleted', 'LastModified',
        ),
        ('ContentObjectId', 'UserId'),
    ),
    'Content User Progress': (
        (
            'ContentObjectId', 'UserId', 'CompletedDate', 'LastVisited', 'IsRead', 'NumRealVisits', 'NumFakeVisits',
            'TotalTime', 'IsVisited', 'IsCurrentBookmark', 'IsSelfAssessComplete', 'LastModified',
        ),
        ('ContentObjectId', 'UserId'),
    ),
    'Course Access': (
        (
            'OrgUnitId', 'UserId', 'DayAccessed',
        ),
        ('OrgUnitId', 'UserId', 'DayAccessed'),
    ),
    'Course Access Log': (
        (
            'OrgUnitId', 'UserId', 'Timestamp', 'Source',
        ),
        ('OrgUnitId', 'UserId', 'Timestamp', 'Source'),
    ),
    'Course Awards': (
        (
            'AssociationId', 'AwardId', 'OrgUnitId', 'DateCreated', 'HiddenAward', 'ConditionSetId',
        ),
        ('AssociationId',),
    ),
    'Course Copy Logs': (
        (
            'SourceOrgUnitId', 'DestinationOrgUnitId', 'UserId', 'Status', 'StartDate', 'EndDate', 'IsDestinationNew',
            'CopyProtectedResources', 'CopyCourseJobId',
        ),
        ('CopyCourseJobId',),
    ),
    'Course Publisher Launches': (
        (
            'LaunchId', 'OrgUnitId', 'RecipientId', 'UserId', 'RoleId', 'LaunchMethod', 'ExternalUserId',
            'ExternalLMSType', 'IsNewUser', 'LastModified',
        ),
        ('LaunchId',),
    ),
    'Course Publisher Recipients': (
        (
            'RecipientID', 'Name', 'CreatedAt', 'LastModified',
        ),
        ('RecipientID',),
    ),
    'Discussion Forums': (
        (
            'OrgUnitId', 'ForumId', 'Name', 'Description', 'MustPostToParticipate', 'AllowAnon', 'IsHidden',
            'RequiresApproval', 'SortOrder', 'IsDeleted', 'DeletedDate', 'DeletedByUserId', 'ResultId', 'StartDate',
            'StartDateAvailabilityType', 'EndDate', 'EndDateAvailabilityType',
        ),
        ('ForumId',),
    ),
    'Discussion Posts': (
        (
            'OrgUnitId', 'TopicId', 'UserId', 'PostId', 'ThreadId', 'IsReply', 'ParentPostId', 'NumReplies',
            'DatePosted', 'IsDeleted', 'RatingSum', 'NumRatings', 'Score', 'LastEditDate', 'SortOrder', 'Depth',
            'Thread', 'WordCount', 'AttachmentCount',
        ),
        ('PostId',),
    ),
    'Discussion Posts Read Status': (
        (
            'TopicId', 'UserId', 'PostId', 'IsRead', 'FirstReadDate', 'LastReadDate', 'Version',
        ),
        ('UserId', 'PostId'),
    ),
    'Discussion Topic User Scores': (
        (
            'UserId', 'TopicId', 'Score', 'IsGraded', 'Version',
        ),
        ('UserId', 'TopicId'),
    ),
    'Discussion Topics': (
        (
            'OrgUnitId', 'TopicId', 'ForumId', 'Name', 'Description', 'MustPostToParticipate', 'AllowAnon', 'IsHidden',
            'RequiresApproval', 'LastPostDate', 'LastPostUserId', 'NumViews', 'SortOrder', 'IsDeleted', 'DeletedDate',
            'DeletedByUserId', 'GradeItemId', 'ScoreOutOf', 'ScoreCalculationMethod', 'IncludeNonScoredValues',
            'Version', 'ResultId', 'StartDate', 'StartDateAvailabilityType', 'EndDate', 'EndDateAvailabilityType',
        ),
        ('TopicId',),
    ),
    'Enrollments and Withdrawals': (
        (
            'LogId', 'UserId', 'OrgUnitId', 'RoleId', 'Action', 'EnrollmentType', 'ModifiedByUserId', 'EnrollmentDate',
        ),
        ('LogId',),
    ),
    'Grade Objects': (
        (
            'GradeObjectId', 'OrgUnitId', 'ParentGradeObjectId', 'Name', 'TypeName', 'StartDate', 'EndDate',
            'IsAutoPointed', 'IsFormula', 'IsBonus', 'MaxPoints', 'CanExceedMaxGrade', 'ExcludeFromFinalGradeCalc',
            'GradeSchemeId', 'Weight', 'NumLowestGradesToDrop', 'NumHighestGradesToDrop', 'WeightDistributionType',
            'CreatedDate', 'ToolName', 'AssociatedToolItemId', 'LastModified', 'ShortName', 'GradeObjectTypeId',
            'SortOrder', 'IsDeleted', 'DeletedDate', 'DeletedByUserId', 'ResultId',
        ),
        ('GradeObjectId',),
    ),
    'Grade Objects Log': (
        (
            'LogId', 'Name', 'GradeObjectId', 'UserId', 'GradeSymbolString', 'PointsDenominator', 'PointsNumerator',
            'WeightedDenominator', 'WeightedNumerator', 'Modified', 'ModifiedBy',
        ),
        ('LogId',),
    ),
    'Grade Results': (
        (
            'GradeObjectId', 'OrgUnitId', 'UserId', 'PointsNumerator', 'PointsDenominator', 'WeightedNumerator',
            'WeightedDenominator', 'IsReleased', 'IsDropped', 'LastModified', 'LastModifiedBy', 'Comments',
            'PrivateComments', 'IsExempt', 'GradeText', 'GradeReleasedDate', 'Version',
        ),
        ('GradeObjectId', 'OrgUnitId', 'UserId'),
    ),
    'Grade Scheme Ranges': (
        (
            'GradeSchemeRangeId', 'GradeSchemeId', 'SymbolString', 'AssignedValue', 'RangeStart', 'IsDeleted',
            'Version',
        ),
        ('GradeSchemeRangeId', 'GradeSchemeId'),
    ),
    'Grade Schemes': (
        (
            'GradeSchemeId', 'OrgUnitId', 'SchemeName', 'GradeSchemeRangeId', 'IsDeleted', 'DeletedDate', 'Version',
        ),
        ('GradeSchemeId', 'GradeSchemeRangeId'),
    ),
    'Gradebook Settings': (
        (
            'OrgUnitId', 'GradeSchemeId', 'GradingSystem', 'UngradedItems', 'IsAdjustedFinalGradeReleased',
            'IsCalculatedFinalGradeReleased', 'LastModified',
        ),
        ('OrgUnitId', 'GradeSchemeId'),
    ),
    'Intelligent Agent Objects': (
        (
            'AgentId', 'OrgUnitId', 'AgentName', 'Description', 'Enabled', 'SpecificRoles', 'LoginConditionEnabled',
            'LoginConditionThreshold', 'LoginConditionType', 'AccessConditionEnabled', 'AccessConditionThreshold',
            'AccessConditionType', 'ResultId', 'RepeatType', 'EmailWhenSatisfied', 'EnableSchedule', 'ScheduleType',
            'ScheduleRepeatsEvery', 'StartDate', 'EndDate', 'LastModified', 'LastModifiedBy', 'IsDeleted',
        ),
        ('AgentId',),
    ),
    'Intelligent Agent Run Log': (
        (
            'AgentId', 'AgentRunId', 'IsPracticeRun', 'IsRunNow', 'NumUsers', 'NumUsersWithErrors', 'NumUsersWithInfos',
            'NumUsersWithWarnings', 'RunUserId', 'RunDate',
        ),
        ('AgentRunId',),
    ),
    'Intelligent Agent Run Users': (
        (
            'AgentId', 'AgentRunId', 'UserId', 'OrgUnitId', 'ActionTypeName', 'ActionHasError', 'ActionHasInfo',
            'ActionHasWarning', 'ShouldRetry',
        ),
        ('AgentId', 'AgentRunId', 'UserId'),
    ),
    'JIT Provisioned Users Log': (
        (
            'UserId', 'MappingField', 'MappingFieldValue', 'ProviderType', 'ProviderId', 'RoleId', 'Timestamp',
            'Action',
        ),
        ('UserId', 'Timestamp'),
    ),
    'Local Authentication Security Log': (
        (
            'UserId', 'Action', 'ModifiedBy', 'ModifiedDate',
        ),
        ('UserId', 'Action', 'ModifiedBy', 'ModifiedDate'),
    ),
    'LTI Launches': (
        (
            'LTILaunchId', 'UserId', 'IMSRoleNames', 'ImpersonatingUserId', 'ImpersonatingUserIMSRoleNames',
            'LaunchDate', 'OrgUnitId', 'LTILinkId', 'DeploymentId', 'ClientId', 'ToolProviderId', 'ContentTopicId',
            'ParentModuleId', 'Placement', 'MessageVersion', 'RequestType',
        ),
        ('LTILaunchId',),
    ),
    'LTI Link Migration Audit': (
        (
            'LTIMigrationId', 'UserId', 'MigrationDate', 'OrgUnitId', 'LinkId', 'LinkURL', 'LinkName', 'ClientId',
            'RegistrationDomain', 'DeploymentId', 'JobId', 'Status', 'FailureCode', 'MigrationType',
        ),
        ('LTIMigrationId',),
    ),
    'LTI Links': (
        (
            'LtiLinkId', 'OrgUnitId', 'Title', 'LinkType', 'LTIVersion', 'Url', 'Description', 'IsVisible',
            'SendTCInfo', 'SendContextInfo', 'SendCourseInfo', 'SendOrgUnitInfo', 'SendUserId', 'SendUserName',
            'SendUserEmail', 'SendLinkTitle', 'SendLinkDescription', 'SendD2LUserName', 'SendD2LOrgDefinedId',
            'SendD2LOrgRoleId', 'SendBrightspaceUserId', 'Anonymous', 'Shared', 'UseToolProviderSecuritySettings',
            'LastModifiedDate', 'OuAvailabilitySetId',
        ),
        ('LtiLinkId',),
    ),
    'LTI Links Shared': (
        (
            'OuAvailabilitySetId', 'OrgUnitId', 'SharingType', 'DescendantTypeId', 'LastModified',
        ),
        (),
    ),
    'Organizational Unit Ancestors': (
        (
            'OrgUnitId', 'AncestorOrgUnitId',
        ),
        ('OrgUnitId', 'AncestorOrgUnitId'),
    ),
    'Organizational Unit Descendants': (
        (
            'OrgUnitId', 'DescendantOrgUnitId',
        ),
        ('OrgUnitId', 'DescendantOrgUnitId'),
    ),
    'Organizational Unit Parents': (
        (
            'OrgUnitId', 'ParentOrgUnitId', 'RowVersion', 'DateDeleted',
        ),
        ('OrgUnitId', 'ParentOrgUnitId'),
    ),
    'Organizational Unit Recent Access': (
        (
            'OrgUnitId', 'UserId', 'LastAccessedDate',
        ),
        ('OrgUnitId', 'UserId'),
    ),
    'Organizational Units': (
        (
            'OrgUnitId', 'Organization', 'Type', 'Name', 'Code', 'StartDate', 'EndDate', 'IsActive', 'CreatedDate',
            'IsDeleted', 'DeletedDate', 'RecycledDate', 'Version', 'OrgUnitTypeId',
        ),
        ('OrgUnitId',),
    ),
    'Outcome Details': (
        (
            'OutcomeId', 'OutcomeDefinitionSource', 'OutcomeDefinitionId', 'ParentOutcomeId', 'Description', 'Notation',
            'CreatedDate', 'CreatedBy', 'LastModifiedDate', 'LastModifiedBy', 'IsDeleted',
        ),
        ('OutcomeId',),
    ),
    'Outcome Registry Owners': (
        (
            'OwnerType', 'OwnerId', 'RegistryId', 'CreatedDate', 'CreatedBy', 'LastModifiedDate', 'LastModifiedBy',
            'IsDeleted',
        ),
        ('OwnerType', 'OwnerId', 'RegistryId'),
    ),
    'Outcomes Aligned to Tool Objects': (
        (
            'ObjectType', 'ObjectId', 'OutcomeId', 'RegistryId', 'CreatedDate', 'CreatedBy', 'LastModifiedDate',
            'LastModifiedBy', 'IsDeleted',
        ),
        ('ObjectType', 'ObjectId', 'OutcomeId', 'RegistryId'),
    ),
    'Outcomes Assessed Checkpoints': (
        (
            'CheckpointId', 'DemonstrationId', 'Feedback', 'ConfigDecayRate', 'ConfigAggregationMethod',
            'ConfigIncludedActivities', 'ConfigMultipleAttemptStrategy', 'ConfigRecentlyAssessedActivityCount',
            'ConfigTieBreaker', 'LastModifiedDate', 'LastModifiedBy', 'IsDeleted',
        ),
        ('CheckpointId', 'DemonstrationId'),
    ),
    'Outcomes Course Specific Scales': (
        (
            'OrgUnitId', 'RegistryId', 'ScaleId', 'AchievementThreshold', 'CreatedDate', 'LastModifiedDate',
            'LastModifiedBy', 'IsDeleted',
        ),
        ('OrgUnitId',),
    ),
    'Outcomes Demonstrations': (
        (
            'DemonstrationId', 'ExplicitlyEnteredScaleLevelId', 'AutomaticallyGeneratedScaleLevelId',
            'AlignedObjectType', 'AlignedObjectId', 'OutcomeId', 'RegistryId', 'IsPublished', 'AssessedUserId',
            'AssessedDate', 'AssessorUserId', 'LastModifiedDate', 'LastModifiedBy', 'IsDeleted',
        ),
        ('DemonstrationId',),
    ),
    'Outcomes In Registries': (
        (
            'OutcomeId', 'RegistryId', 'CreatedDate', 'CreatedBy', 'LastModifiedDate', 'LastModifiedBy', 'IsDeleted',
        ),
        ('OutcomeId', 'RegistryId'),
    ),
    'Outcomes Program Details': (
        (
            'ProgramId', 'ProgramName', 'OrgUnitId', 'CreatedDate', 'CreatedBy', 'LastModifiedDate', 'LastModifiedBy',
            'IsDeleted',
        ),
        ('ProgramId',),
    ),
    'Outcomes Rubric Alignments': (
        (
            'RubricId', 'CriterionId', 'OutcomeId', 'RegistryId', 'CreatedDate', 'CreatedBy', 'LastModifiedDate',
            'LastModifiedBy', 'IsDeleted',
        ),
        ('RubricId', 'CriterionId', 'OutcomeId', 'RegistryId'),
    ),
    'Outcomes Scale Definition': (
        (
            'ScaleId', 'Name', 'IsDefault', 'UsePercentages', 'CreatedDate', 'CreatedBy', 'LastModifiedDate',
            'LastModifiedBy', 'IsDeleted', 'RegistryId',
        ),
        ('ScaleId',),
    ),
    'Outcomes Scale Level Definition': (
        (
            'ScaleLevelId', 'ScaleId', 'Name', 'SortOrder', 'PercentageRangeStart', 'RGB', 'CreatedDate', 'CreatedBy',
            'LastModifiedDate', 'LastModifiedBy',
        ),
        ('ScaleLevelId',),
    ),
    'Portfolio Categories': (
        (
            'CategoryId', 'OrgUnitId', 'Name', 'IsRetired', 'IsDeleted', 'LastModified', 'LastModifiedBy',
        ),
        ('CategoryId',),
    ),
    'Portfolio Evidence Categories': (
        (
            'CategoryId', 'EvidenceId', 'Group', 'IsDeleted', 'LastModified', 'LastModifiedBy',
        ),
        ('CategoryId', 'EvidenceId', 'Group'),
    ),
    'Portfolio Evidence Log': (
        (
            'LogId', 'ParentObjectId', 'ObjectId', 'ObjectType', 'UserId', 'OrgUnitId', 'Action', 'IsMobile',
            'ActionDate',
        ),
        ('LogId',),
    ),
    'Portfolio Evidence Objects': (
        (
            'EvidenceId', 'OwnerId', 'OrgUnitId', 'EvidenceType', 'Title', 'IsApproved', 'IsSpotlighted',
            'IsSharedToParents', 'IsDeleted', 'IsRecoverableByInstructor', 'LastModified', 'LastModifiedBy',
            'IsSharedWithInstructor', 'DateSharedWithInstructor',
        ),
        ('EvidenceId',),
    ),
    'PreRequisite Conditions Met': (
        (
            'PreRequisiteId', 'UserId', 'DateMet',
        ),
        ('PreRequisiteId', 'UserId'),
    ),
    'Question Library': (
        (
            'QuestionId', 'QuestionVersionId', 'IsAutoGraded', 'TemplateTypeId', 'QuestionType', 'Name', 'Question',
            'Comment', 'AnswerKey', 'CreationDate', 'Version', 'AllowsAttachments',
        ),
        ('QuestionId', 'QuestionVersionId'),
    ),
    'Question Relationships': (
        (
            'CollectionId', 'QuestionId', 'QuestionVersionId', 'Order', 'SectionId', 'IsQuestionPool', 'CreationDate',
            'CreatedBy', 'LastModified', 'LastModifiedBy', 'Points', 'Difficulty', 'IsBonus', 'IsMandatory',
            'IsDeleted', 'Version', 'ObjectId',
        ),
        (),
    ),
    'Quiz Attempts': (
        (
            'AttemptId', 'QuizId', 'UserId', 'OrgUnitId', 'AttemptNumber', 'TimeStarted', 'TimeCompleted', 'Score',
            'IsGraded', 'OldAttemptNumber', 'IsDeleted', 'PossibleScore', 'IsRetakeIncorrectOnly', 'DueDate',
            'TimeLimit', 'TimeLimitEnforced', 'GracePeriod', 'GracePeriodExceededBehaviour', 'ExtendedDeadline',
        ),
        ('AttemptId',),
    ),
    'Quiz Attempts Log': (
        (
            'LogId', 'AttemptId', 'EventTypeId', 'Name', 'Description', 'EventTime', 'IPAddress',
        ),
        ('LogId',),
    ),
    'Quiz Objects': (
        (
            'QuizId', 'QuizName', 'QuizDescription', 'QuizCategory', 'IsActive', 'OrgUnitId', 'StartDate', 'EndDate',
            'DueDate', 'CreationDate', 'CreatedBy', 'LastModified', 'LastModifiedBy', 'GradeObjectId',
            'OverallScoreCalculation', 'QuizScoreDenominator', 'HasPassword', 'IPRestricted', 'TimeLimit',
            'TimeLimitEnforced', 'TimeLimitExceededBehavior', 'TimeLimitGracePeriod', 'AttemptsAllowed',
            'PreventMovingBackwards', 'AllowHints', 'NotificationEmail', 'DisablePagerAccess', 'DisplayInCalendar',
            'ShowClock', 'IsAttemptRldb', 'IsSubviewRldb', 'SortOrder', 'CategoryId', 'ResultId',
            'IsRetakeIncorrectOnly', 'PagingTypeId',
        ),
        ('QuizId',),
    ),
    'Quiz Question Answer Options': (
        (
            'AnswerId', 'AnswerText', 'Weight', 'QuestionId', 'QuestionVersionId', 'QuizObjectId', 'AnswerOptionId',
        ),
        ('AnswerId', 'QuestionId', 'QuestionVersionId', 'QuizObjectId', 'AnswerOptionId'),
    ),
    'Quiz Question Answers': (
        (
            'AnswerId', 'QuestionId', 'QuestionVersionId', 'SortOrder', 'IsCorrect', 'Weight', 'Answer', 'Comment',
            'Description', 'ObjectId',
        ),
        ('AnswerId', 'QuestionId', 'QuestionVersionId', 'ObjectId'),
    ),
    'Quiz Survey Sections': (
        (
            'CollectionId', 'SectionId', 'Name', 'NameIsDisplayed', 'IsQuestionPool', 'SectionText',
            'SectionTextIsHTML', 'IsSectionTextHidden', 'QuestionPoints', 'NumQuestions', 'NumChoices', 'Shuffle',
            'CreationDate', 'CreatedBy', 'LastModified', 'LastModifiedBy', 'IsDeleted', 'Version',
        ),
        ('SectionId',),
    ),
    'Quiz User Answer Responses': (
        (
            'AttemptId', 'AttemptNumber', 'QuestionId', 'QuestionVersionId', 'AnswerId', 'SortOrder', 'IsCorrect',
            'UserSelection', 'UserAnswer', 'FileSetId',
        ),
        ('AttemptId', 'QuestionId', 'QuestionVersionId', 'AnswerId'),
    ),
    'Quiz User Answers': (
        (
            'AttemptId', 'QuestionId', 'QuestionVersionId', 'TimeCompleted', 'QuestionNumber', 'Comment', 'SortOrder',
            'Score', 'Page', 'SectionId', 'ObjectId',
        ),
        ('AttemptId', 'ObjectId'),
    ),
    'Release Condition Objects': (
        (
            'PreRequisiteId', 'ResultId', 'OrgUnitId', 'Name', 'IsNegativeCondition', 'PreRequisiteToolId', 'Id1',
            'Id2', 'ResultToolId', 'UsesPercentage', 'OperatorTypeDesc', 'Version',
        ),
        ('PreRequisiteId', 'ResultId', 'OrgUnitId'),
    ),
    'Release Condition Results': (
        (
            'ResultId', 'UserId', 'Met', 'Version',
        ),
        ('ResultId', 'UserId'),
    ),
    'Role Details': (
        (
            'RoleId', 'OrgId', 'RoleName', 'Description', 'IsCascading', 'InClassList', 'ClassListRoleName',
            'ClassListShowGroups', 'ClassListShowSections', 'ClassListDisplayRole', 'AccessInactiveCO',
            'HasSpecialAccess', 'AddToCourseOfferingGroups', 'CanBeAutoEnrolledIntoGroups',
            'AddToCourseOfferingSections', 'CanBeAutoEnrolledIntoSections', 'ClassListDisplayRoleCategory',
            'ClassListRoleCategory', 'ClassListRoleCategoryOrder', 'AccessPastCourses', 'AccessFutureCourses',
            'SortOrder', 'ShowInContent', 'ShowInDiscussionAssess', 'ShowInDiscussionStats', 'ShowInGrades',
            'ShowInAttendance', 'AllowSelfEnrollInGroups', 'ShowInRegistration', 'ShowInUserProgress', 'RoleAlias',
            'Version', 'RoleCode',
        ),
        ('RoleId',),
    ),
    'Rubric Assessment': (
        (
            'RubricId', 'OrgUnitId', 'UserId', 'Score', 'AssessedByUserId', 'AssessmentDate', 'IsCompleted',
            'ActivityType', 'ActivityObjectId', 'DateCreated', 'AssessmentId', 'LevelAchievedId',
        ),
        ('UserId', 'AssessmentId'),
    ),
    'Rubric Assessment Criteria': (
        (
            'AssessmentId', 'UserId', 'RubricId', 'Score', 'Feedback', 'IsScoreOverridden', 'CriterionId',
            'LevelAchievedId', 'Version',
        ),
        ('AssessmentId', 'UserId', 'CriterionId'),
    ),
    'Rubric Criteria Levels': (
        (
            'RubricId', 'CriterionId', 'Description', 'Feedback', 'Value', 'LevelId', 'IsDeleted',
        ),
        ('RubricId', 'CriterionId', 'LevelId'),
    ),
    'Rubric Object Criteria': (
        (
            'RubricId', 'CriterionId', 'Name', 'SortOrder', 'CriteriaGroupId', 'GroupName', 'GroupSortOrder',
            'LevelSetId', 'IsDeleted',
        ),
        ('CriterionId',),
    ),
    'Rubric Object Levels': (
        (
            'RubricId', 'LevelId', 'Name', 'Description', 'Feedback', 'Value', 'RangeStartValue', 'SortOrder',
            'LevelSetId', 'IsDeleted',
        ),
        ('LevelId',),
    ),
    'Rubric Objects': (
        (
            'RubricId', 'Name', 'RubricStatus', 'Description', 'RubricType', 'ScoringMethods', 'IsScoreVisible',
            'OrgUnitID', 'IsShared', 'IsDeleted',
        ),
        ('RubricId',),
    ),
    'Rubrics Edit': (
        (
            'AuditLogId', 'RubricId', 'CriterionId', 'LevelId', 'ModifiedBy', 'ModifiedObjectType', 'CriteriaGroupId',
            'ModifiedDate', 'PreviousValue', 'ModifiedValue', 'IsLocked', 'Version',
        ),
        ('AuditLogId',),
    ),
    'SCORM Activities': (
        (
            'ActivityId', 'ScormObjectId', 'ParentActivityId', 'NumChildren', 'InternalId', 'Title',
            'CompletionThreshold', 'PassingScore', 'PassingScoreUsed', 'ScoreMin', 'ScoreMax', 'LastModified',
        ),
        ('ActivityId',),
    ),
    'SCORM Activity Attempts': (
        (
            'VisitId', 'ActivityId', 'AttemptNumber', 'Completion', 'Success', 'Score', 'ScoreRaw', 'TimeSpent',
            'Progress', 'LastModified',
        ),
        ('VisitId', 'ActivityId', 'AttemptNumber'),
    ),
    'SCORM Interaction Attempts': (
        (
            'VisitId', 'InteractionId', 'AttemptNumber', 'ActivityId', 'Timestamp', 'Response', 'Result',
            'NumericResult', 'TimeSpent', 'LastModified',
        ),
        ('VisitId', 'InteractionId', 'AttemptNumber'),
    ),
    'SCORM Interaction Objectives': (
        (
            'InteractionId', 'ObjectiveId', 'LastModified',
        ),
        ('InteractionId', 'ObjectiveId'),
    ),
    'SCORM Interactions': (
        (
            'InteractionId', 'ActivityId', 'InternalId', 'InteractionType', 'Description', 'Weighting',
            'CorrectResponses', 'LastModified',
        ),
        ('InteractionId',),
    ),
    'SCORM Objective Attempts': (
        (
            'VisitId', 'ObjectiveId', 'AttemptNumber', 'Score', 'ScoreRaw', 'Success', 'Completion', 'Progress',
            'LastModified',
        ),
        ('VisitId', 'ObjectiveId', 'AttemptNumber'),
    ),
    'SCORM Objectives': (
        (
            'ObjectiveId', 'ScormObjectId', 'ObjectiveType', 'ActivityId', 'InternalId', 'IsPrimary', 'Description',
            'ScoreMin', 'ScoreMax', 'LastModified',
        ),
        ('ObjectiveId',),
    ),
    'SCORM Objects': (
        (
            'ScormObjectId', 'OrgUnitId', 'ContentObjectId', 'ContentServiceContentId', 'ContentServiceRevisionId',
            'ContentServiceTopicId', 'Title', 'Description', 'LearningStandard', 'LastModified', 'LastModifiedBy',
        ),
        ('ScormObjectId',),
    ),
    'SCORM Visits': (
        (
            'VisitId', 'ScormObjectId', 'UserId', 'OrgUnitId', 'FirstAccessDate', 'LastAccessDate', 'CompletedDate',
            'Completion', 'Success', 'Score', 'TimeSpent', 'Progress', 'LastModified',
        ),
        ('VisitId',),
    ),
    'Session History': (
        (
            'SessionId', 'OrgId', 'UserId', 'DateStarted', 'DateEnded', 'LastAccessed', 'TimedOut', 'HistoryID',
        ),
        ('HistoryID',),
    ),
    'SIS Course Merge Log': (
        (
            'BatchId', 'JobType', 'Status', 'OriginalTargetOrgUnitId', 'OriginalSourceOrgUnitId', 'SourceSystemId',
            'NumberOfCoursesInBatch', 'UserId', 'ErrorType', 'Timestamp',
        ),
        ('BatchId', 'OriginalSourceOrgUnitId', 'Timestamp'),
    ),
    'Survey Attempts': (
        (
            'AttemptId', 'SurveyId', 'UserId', 'OrgUnitId', 'AttemptNumber', 'TimeStarted', 'TimeCompleted',
            'AttemptedFromOrgUnitId', 'OldAttemptNumber', 'IsDeleted', 'Version',
        ),
        ('AttemptId',),
    ),
    'Survey Objects': (
        (
            'SurveyId', 'SurveyName', 'CategoryId', 'OrgUnitId', 'Description', 'DescriptionEnabled',
            'HasInstantFeedback', 'IsAnonymous', 'IsVisible', 'SubmissionMessage', 'Footer', 'FooterIsDisplayed',
            'StartDate', 'EndDate', 'DisplayInCalendar', 'ResultId', 'AttemptsAllowed', 'SortOrder', 'CreatedBy',
            'IsDeleted', 'LastModified', 'LastModifiedBy', 'Version', 'CategoryName',
        ),
        ('SurveyId',),
    ),
    'Survey Question Answer Options': (
        (
            'AnswerId', 'AnswerText', 'Weight', 'QuestionId', 'QuestionVersionId', 'SurveyObjectId', 'AnswerOptionId',
        ),
        ('AnswerId', 'QuestionId', 'QuestionVersionId', 'SurveyObjectId', 'AnswerOptionId'),
    ),
    'Survey Question Answers': (
        (
            'AnswerId', 'QuestionId', 'QuestionVersionId', 'SortOrder', 'IsCorrect', 'Weight', 'Answer', 'Comment',
            'Description', 'SurveyObjectId',
        ),
        ('AnswerId', 'QuestionId', 'QuestionVersionId', 'SurveyObjectId'),
    ),
    'Survey User Answer Responses': (
        (
            'AttemptId', 'AttemptNumber', 'QuestionId', 'QuestionVersionId', 'AnswerId', 'SortOrder', 'IsCorrect',
            'UserSelection', 'UserAnswer', 'FileSetId',
        ),
        ('AttemptId', 'QuestionId', 'QuestionVersionId', 'AnswerId'),
    ),
    'Survey User Answers': (
        (
            'AttemptId', 'QuestionId', 'QuestionVersionId', 'TimeCompleted', 'QuestionNumber', 'Comment', 'SortOrder',
            'Score', 'Page', 'Assigned',
        ),
        ('AttemptId', 'QuestionId', 'QuestionVersionId'),
    ),
    'System Access Log': (
        (
            'SessionId', 'UserId', 'Timestamp', 'State', 'Source', 'AppVersion', 'Device', 'IsOfflineMode', 'IPAddress',
        ),
        ('SessionId', 'UserId', 'Timestamp', 'State'),
    ),
    'Tools': (
        (
            'ToolId', 'Name', 'DisplayName', 'Version',
        ),
        ('ToolId',),
    ),
    'TurnItIn Submissions': (
        (
            'DropboxId', 'SubmissionId', 'FileId', 'LastSubmissionDate', 'SubmissionStatus', 'SubmissionErrorType',
            'ErrorMessage', 'SubmittedBy', 'LastRefreshDate', 'LastModified',
        ),
        ('SubmissionId', 'FileId'),
    ),
    'User Attribute Definitions': (
        (
            'AttributeId', 'Name', 'Type', 'AllowMultiple', 'IsDefault', 'LastModified', 'ModifiedBy', 'IsDeleted',
            'Version',
        ),
        ('AttributeId',),
    ),
    'User Attribute Values': (
        (
            'UserId', 'AttributeId', 'Value', 'LastModified', 'ModifiedBy', 'IsDeleted', 'Version',
        ),
        ('UserId', 'AttributeId'),
    ),
    'User Enrollments': (
        (
            'OrgUnitId', 'UserId', 'RoleName', 'EnrollmentDate', 'EnrollmentType', 'RoleId',
        ),
        ('OrgUnitId', 'UserId'),
    ),
    'User Logins': (
        (
            'OrgId', 'UserId', 'UserName', 'IP', 'SessionId', 'StatusType', 'AttemptDate', 'ImpersonatingUserId',
            'TimeOff', 'LoginAttemptId',
        ),
        ('LoginAttemptId',),
    ),
    'Users': (
        (
            'UserId', 'UserName', 'OrgDefinedId', 'FirstName', 'MiddleName', 'LastName', 'IsActive', 'Organization',
            'ExternalEmail', 'SignupDate', 'FirstLoginDate', 'Version', 'OrgRoleId', 'LastAccessed',
        ),
        ('UserId',),
    ),
    'Virtual Classroom Usage': (
        (
            'OrgUnitId', 'CourseName', 'MeetingId', 'MeetingName', 'CreationUserId', 'CreationDate', 'ScheduledDate',
            'ScheduledDuration', 'IsPublished', 'ExternalLinksEnabled', 'WholeClassInvited', 'IsCancelled',
            'StartDateTime', 'EndDateTime', 'IsRecorded',
        ),
        ('MeetingId',),
    ),
    # END GENERATED
}


def folder_name(data_set: str) -> str:
    """The data set's name without spaces, as D2L names its CSV: "Quiz Attempts" -> "QuizAttempts"."""
    return re.sub(r"[^A-Za-z0-9]", "", data_set)


def snake_name(data_set: str) -> str:
    """The data set's name in snake case, as `lwh pull` names a data set's folder: "quiz_attempts"."""
    return re.sub(r"[^a-z0-9]+", "_", data_set.lower()).strip("_")


def _render(doc: dict) -> str:
    lines = []
    for name in sorted(doc, key=str.lower):
        columns = [c["name"] for c in doc[name]["columns"]]
        key = [c["name"] for c in doc[name]["columns"] if c.get("pk")]
        body = textwrap.wrap(", ".join(repr(c) for c in columns) + ",", width=108, break_long_words=False,
                             break_on_hyphens=False)
        lines.append(f"    {name!r}: (")
        lines.append("        (")
        lines += [f"            {line}" for line in body]
        lines.append("        ),")
        lines.append(f"        ({', '.join(repr(k) for k in key)}{',' if len(key) == 1 else ''}),")
        lines.append("    ),")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m lwh.landing.bds_catalogue path/to/d2l-datahub-cli/schema/datasets/all.json", file=sys.stderr)
        return 2
    doc = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    me = Path(__file__)
    text = me.read_text(encoding="utf-8")
    begin, end = "    # BEGIN GENERATED\n", "    # END GENERATED\n"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    me.write_text(head + begin + _render(doc) + "\n" + end + tail, encoding="utf-8")
    print(f"wrote {len(doc)} data sets to {me}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
